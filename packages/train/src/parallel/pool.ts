/*
 * The main thread's side of the worker threads of `fit({ workers })` (internal): starts them and turns
 * their messages, errors and exits into awaitable steps. A failure anywhere aborts the group, so no
 * worker stays blocked at a barrier.
 */
import type { Worker } from 'node:worker_threads';
import { ConfigError } from '@strata/core';
import type { ToMain, ToWorker, WorkerInit } from './protocol.js';
import { fromRemoteError } from './remote-error.js';
import { abortGroup, readHeartbeats } from './shared-group.js';
import { spawnWorker } from './spawn-worker.js';
import { WorkerError } from './worker-error.js';

const LABEL = 'fit({workers})';

export type Message<T extends ToMain['type']> = Extract<ToMain, { type: T }>;

export interface Pool {
  /** The next message of every worker, by rank; all must be of one of `types`. */
  collect<T extends ToMain['type']>(...types: T[]): Promise<Message<T>[]>;
  /** The next message of one worker. */
  next<T extends ToMain['type']>(rank: number, type: T): Promise<Message<T>>;
  send(rank: number, message: ToWorker, transfer?: ArrayBuffer[]): void;
  sendAll(message: ToWorker): void;
  /** Ends every worker: after `finish` normally, at once on failure. */
  close(): Promise<void>;
}

/** How often the watchdog looks at the heartbeats. */
const WATCH_MS = 250;

/**
 * Starts `count` workers and turns their messages, errors and exits into awaitable steps. A watchdog
 * ends the run with a WorkerError naming the worker whose heartbeat stops for `stallSeconds`.
 */
export function startPool(
  count: number,
  moduleUrl: string,
  initOf: (rank: number) => WorkerInit,
  control: Int32Array,
  stallSeconds: number,
): Pool {
  const workers: Worker[] = [];
  // Watched from its first step on: starting up (a backend, a module to compile) has no deadline.
  const watched: boolean[] = Array.from({ length: count }, () => false);
  const queues: ToMain[][] = Array.from({ length: count }, () => []);
  let failure: Error | undefined;
  let closing = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (error: Error) => {
    if (failure || closing) return;
    failure = error;
    // Release the workers blocked at a barrier waiting for the one that failed.
    abortGroup(control);
    notify();
  };
  try {
    for (let rank = 0; rank < count; rank++) {
      const worker = spawnWorker(moduleUrl, initOf(rank));
      workers.push(worker);
      worker.on('message', (message: ToMain) => {
        if (message.type === 'error') fail(fromRemoteError(message.error, message.rank));
        else {
          if (message.type === 'started') watched[rank] = true;
          queues[rank]!.push(message);
          notify();
        }
      });
      worker.on('error', (error) => {
        Object.defineProperty(error, 'workerRank', { value: rank, enumerable: false });
        fail(error);
      });
      worker.on('messageerror', (error) => fail(error));
      worker.on('exit', (code) => {
        fail(new WorkerError(LABEL, `worker ${rank} exited (code ${code}) before training ended`));
      });
    }
  } catch (error) {
    closing = true;
    for (const w of workers) void w.terminate();
    if ((error as Error).name === 'DataCloneError') {
      throw new ConfigError(
        'fit({workers.args})',
        `must be plain data that survives structured cloning (no functions or class instances): ${(error as Error).message}`,
      );
    }
    throw error;
  }
  let beats = readHeartbeats(control, count);
  const lastBeat = beats.map(() => performance.now());
  const watchdog = setInterval(() => {
    const now = performance.now();
    const next = readHeartbeats(control, count);
    next.forEach((b, rank) => {
      if (b !== beats[rank] || !watched[rank]) lastBeat[rank] = now;
    });
    beats = next;
    const stuck = lastBeat.findIndex((t) => now - t > stallSeconds * 1000);
    if (stuck < 0) return;
    clearInterval(watchdog);
    fail(
      new WorkerError(
        LABEL,
        `worker ${stuck} of ${count} made no progress for ${stallSeconds} s: its step or data code did not return (an endless loop?), so the run is stopped. If one step legitimately takes longer, raise workers.stallTimeout`,
      ),
    );
    // A worker stuck in synchronous code never sees the abort flag; end its thread.
    void workers[stuck]!.terminate();
  }, WATCH_MS);
  watchdog.unref();
  const wait = async (ready: () => boolean): Promise<void> => {
    for (;;) {
      if (failure) throw failure;
      if (ready()) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const check = <T extends ToMain['type']>(message: ToMain, types: readonly T[]): Message<T> => {
    if (!types.includes(message.type as T)) {
      throw new Error(
        `${LABEL}: worker ${message.rank} sent '${message.type}' where ${types.join(' or ')} was due`,
      );
    }
    return message as Message<T>;
  };
  return {
    async collect(...types) {
      await wait(() => queues.every((q) => q.length > 0));
      const messages = queues.map((q) => check(q.shift()!, types));
      if (messages.some((m) => m.type !== messages[0]!.type)) {
        throw new Error(`${LABEL}: the workers are out of step (${messages.map((m) => m.type).join(', ')})`);
      }
      return messages;
    },
    async next(rank, type) {
      await wait(() => queues[rank]!.length > 0);
      return check(queues[rank]!.shift()!, [type]);
    },
    send(rank, message, transfer = []) {
      workers[rank]!.postMessage(message, transfer);
    },
    sendAll(message) {
      for (const w of workers) w.postMessage(message);
    },
    async close() {
      closing = true;
      clearInterval(watchdog);
      abortGroup(control);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
