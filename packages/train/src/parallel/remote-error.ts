import { BackendError, ConfigError, DataError, PluginError, ShapeError, StrataError } from '@strata/core';
import type { RemoteError } from './protocol.js';

const CLASSES = { BackendError, ConfigError, DataError, PluginError, ShapeError } as const;

/** What crosses the thread boundary of an error thrown in a worker (internal). */
export function toRemoteError(error: unknown): RemoteError {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error instanceof StrataError ? { label: error.label } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * The worker's error rebuilt on the main thread: the same class for Strata's labelled errors (so a
 * ConfigError thrown by a setup module is still a ConfigError), the same message, the worker's stack,
 * and `workerRank` naming the worker (internal).
 */
export function fromRemoteError(remote: RemoteError, rank: number): Error {
  let error: Error;
  const Class = CLASSES[remote.name as keyof typeof CLASSES];
  const prefix = `${remote.label}: `;
  if (Class && remote.label !== undefined && remote.message.startsWith(prefix)) {
    error = new Class(remote.label, remote.message.slice(prefix.length));
  } else {
    error = new Error(remote.message);
    if (remote.name !== 'Error') error.name = remote.name;
  }
  if (remote.stack) error.stack = `${remote.stack}\n    in worker ${rank} of fit({ workers })`;
  Object.defineProperty(error, 'workerRank', { value: rank, enumerable: false });
  return error;
}
