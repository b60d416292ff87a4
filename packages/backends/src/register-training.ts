import type { BackendName } from './backend-loaders.js';
import { registerGradients } from './gradients/index.js';
import { registerTrainingKernels } from './kernels/index.js';

/**
 * What `useBackend` runs after setting a backend when `training` is true (internal): the gradient
 * functions tfjs-core does not register in plain Node (every backend needs them), and on wasm the
 * kernels tfjs-backend-wasm lacks or runs slowly for training. The kernels are registered only when
 * wasm is chosen, after its package is loaded: importing tfjs-backend-wasm later would re-register
 * its stock kernels over Strata's. Both calls are idempotent.
 */
export function registerTraining(backend: BackendName): void {
  registerGradients();
  if (backend === 'wasm') registerTrainingKernels();
}
