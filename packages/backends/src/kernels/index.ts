export type { RegisterTrainingKernelsOptions, TrainingKernels } from './register-training-kernels.js';
export { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels.js';
