import * as tf from '@tensorflow/tfjs-core';

/**
 * Counts how many times tensors are read back to JavaScript while `fn` runs: each `data()` or
 * `dataSync()` (the engine's `read`/`readSync`) counts once. Reads a backend's kernels make of their
 * own inputs (the cpu backend's kernels read host memory through `bufferSync`) are not reads from the
 * device and do not count. For tests that hold code to "one device read per epoch".
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { countDeviceReads } from '@strata/core/testing';
 *
 * const a = tf.tensor1d([1, 2]);
 * const { reads } = await countDeviceReads(async () => {
 *   await a.data();
 *   a.dataSync();
 * });
 * reads; // => 2
 * ```
 */
export async function countDeviceReads<T>(fn: () => T | Promise<T>): Promise<{ result: T; reads: number }> {
  const backend = tf.engine() as unknown as Record<'read' | 'readSync', (...args: unknown[]) => unknown>;
  const original = { read: backend.read, readSync: backend.readSync };
  let reads = 0;
  let depth = 0;
  const counted =
    (name: 'read' | 'readSync') =>
    (...args: unknown[]) => {
      if (depth === 0) reads++;
      depth++;
      try {
        const out = original[name].apply(backend, args);
        if (out instanceof Promise) return out.finally(() => depth--);
        depth--;
        return out;
      } catch (e) {
        depth--;
        throw e;
      }
    };
  backend.read = counted('read');
  backend.readSync = counted('readSync');
  try {
    const result = await fn();
    return { result, reads };
  } finally {
    backend.read = original.read;
    backend.readSync = original.readSync;
  }
}
