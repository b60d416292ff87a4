import {
  type BackendReport,
  getDefaultBackendSelector,
  type ListBackendsOptions,
} from './backend-selector.js';

/**
 * Reports every backend: whether it initialises and runs an op here, and if not, why not and what
 * to do (`package @tensorflow/tfjs-node is not installed: npm install @tensorflow/tfjs-node`). It
 * tries each one and then restores the backend that was active, so it changes nothing the caller
 * sees (backends it initialised stay registered for later use). In a browser that serves the
 * `.wasm` files from its own folder, pass the same `wasmPaths` as to `useBackend`.
 *
 * @example
 * ```ts
 * import { listBackends } from '@strata/backends';
 * const reports = await listBackends(); // every backend: available or not, and why
 * reports.find((b) => b.name === 'cpu')?.available; // => true
 * ```
 */
export function listBackends(options?: ListBackendsOptions): Promise<BackendReport[]> {
  return getDefaultBackendSelector().listBackends(options);
}
