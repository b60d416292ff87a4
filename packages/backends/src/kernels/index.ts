export type {
  RegisterTrainingKernelsOptions,
  TrainingKernelBackend,
  TrainingKernels,
  UnregisterTrainingKernelsOptions,
} from './register-training-kernels.js';
export { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels.js';
