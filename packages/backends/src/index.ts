// Backend selection (useBackend, listBackends, describeBackends)
export {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendLoader,
  type BackendLoaders,
  type BackendName,
  defaultBackendLoaders,
} from './backend-loaders.js';
export {
  type BackendInfo,
  type BackendReport,
  type BackendSelector,
  type BackendSelectorOptions,
  createBackendSelector,
  type ListBackendsOptions,
  type UseBackendOptions,
  type WasmPaths,
} from './backend-selector.js';
export { describeBackends } from './describe-backends.js';
// Gradients (registerGradients)
export { registerGradients } from './gradients/index.js';
// Training kernels for wasm and cpu (registerTrainingKernels)
export {
  type RegisterTrainingKernelsOptions,
  registerTrainingKernels,
  type TrainingKernelBackend,
  type TrainingKernels,
  type UnregisterTrainingKernelsOptions,
  unregisterTrainingKernels,
} from './kernels/index.js';
export { listBackends } from './list-backends.js';
export { useBackend } from './use-backend.js';
