import type { BackendChoice } from './backend-loaders.js';
import { type BackendInfo, getDefaultBackendSelector, type UseBackendOptions } from './backend-selector.js';

/**
 * Sets the tfjs backend and says what is running. A name selects that backend or throws a
 * `BackendError` that names the package to install and the fallback; `'auto'` tries the fastest
 * first (Node: node-gpu > webgpu > node > wasm > cpu; browsers: webgpu > webgl > wasm > cpu; a
 * software GPU such as SwiftShader ranks below wasm), keeps the first
 * that initialises and runs an op, and says in `reason` why each faster one was skipped. With
 * `training` (default true) it then registers the gradients and kernels Strata's training needs.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { useBackend } from '@strata/backends';
 *
 * // 'auto': the fastest backend that initialises here, and why (which one depends on the machine).
 * const info = await useBackend('auto');
 * tf.getBackend() === info.name; // => true
 * (await useBackend('cpu')).name; // => 'cpu'
 * tf.getBackend(); // => 'cpu'
 * ```
 */
export function useBackend(name: BackendChoice, options?: UseBackendOptions): Promise<BackendInfo> {
  return getDefaultBackendSelector().useBackend(name, options);
}
