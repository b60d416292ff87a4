import { registerGradients } from './gradients/index.js';

/**
 * What `useBackend` runs after setting a backend when `training` is true (internal): the gradient
 * functions tfjs-core does not register in plain Node (every backend needs them), then the spec's
 * `trainingKernels` (on wasm and cpu the kernels their packages lack or run slowly for training). The
 * kernels are registered only for the backend chosen, after its package is loaded: importing the
 * package later would re-register its stock kernels over Strata's. Both calls are idempotent.
 */
export function registerTraining(spec: { readonly trainingKernels?: () => void }): void {
  registerGradients();
  spec.trainingKernels?.();
}
