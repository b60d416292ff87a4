import type { BackendChoice } from './backend-loaders.js';
import { type BackendInfo, getDefaultBackendSelector, type UseBackendOptions } from './backend-selector.js';

/**
 * Sets the tfjs backend and says what is running. A name selects that backend or throws a
 * `BackendError` that names the package to install and the fallback; `'auto'` tries the fastest
 * first (Node: node-gpu > node > wasm > cpu; browsers: webgpu > webgl > wasm > cpu), keeps the first
 * that initialises and runs an op, and says in `reason` why each faster one was skipped. With
 * `training` (default true) it then registers the gradients and kernels Strata's training needs.
 *
 * @example
 * ```ts
 * import { useBackend } from '@strata/backends';
 * const info = await useBackend('auto');
 * console.log(info.name, info.reason);
 * // wasm: fastest that initialised here; node-gpu: package @tensorflow/tfjs-node-gpu is not installed: …
 * ```
 */
export function useBackend(name: BackendChoice, options?: UseBackendOptions): Promise<BackendInfo> {
  return getDefaultBackendSelector().useBackend(name, options);
}
