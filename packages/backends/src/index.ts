// Backend selection (useBackend, listBackends, describeBackends)
export {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendLoader,
  type BackendLoaders,
  type BackendName,
  type BuiltinBackendName,
  defaultBackendLoaders,
} from './backend-loaders.js';
export { createBackendSelector } from './backend-selector.js';
export type {
  BackendInfo,
  BackendReport,
  BackendSelector,
  BackendSelectorOptions,
  ListBackendsOptions,
  UseBackendOptions,
} from './backend-types.js';
// Backends as data (defineBackend and the built-in specs)
export {
  type BackendContext,
  type BackendDescription,
  type BackendRequest,
  type BackendRuntime,
  type BackendSpec,
  defineBackend,
  type WasmPaths,
} from './define-backend.js';
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
export { BUILTIN_BACKENDS } from './specs/index.js';
export { useBackend } from './use-backend.js';
