import { defineBackend } from '../define-backend.js';
import { registerTrainingKernels } from '../kernels/index.js';
import { field } from './field.js';

/** tfjs's plain JavaScript backend: everywhere, slowest; Strata replaces its training hot spots. */
export const cpuBackend = defineBackend({
  name: 'cpu',
  package: '@tensorflow/tfjs-backend-cpu',
  tfjsName: 'cpu',
  device: 'cpu',
  priority: { node: 10, browser: 10 },
  load: () => import('@tensorflow/tfjs-backend-cpu'),
  version: (mod) => field(mod, 'version_cpu'),
  describe: () => ({ simd: false, threads: 1 }),
  trainingKernels: () => {
    registerTrainingKernels({ backend: 'cpu' });
  },
});
