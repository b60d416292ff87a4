export { type Batch, type BatchSource, knownLength } from './batch-source.js';
export {
  type Checkpoint,
  hasCheckpoint,
  type LoadCheckpointOptions,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
export type { TrainCallback, TrainContext } from './context.js';
export { disposeDeep } from './dispose.js';
export { type EvaluateOptions, evaluate, predict } from './evaluate.js';
export { type FitOptions, type FitResult, fit, type LoopFitOptions } from './fit.js';
export { type CheckpointReport, inspectCheckpoints } from './inspect-checkpoints.js';
export { defineWorkerSetup } from './parallel/define-worker-setup.js';
export type {
  ParallelFitOptions,
  ParallelFitResult,
  WorkerEpochReport,
  WorkerReport,
  WorkerSetup,
  WorkerSetupContext,
  WorkerSetupData,
  WorkerSetupFunction,
  WorkersOptions,
} from './parallel/types.js';
export { WorkerError } from './parallel/worker-error.js';
export { formatEpoch, type ProgressBarOptions, progressBar } from './progress-bar.js';
export { recordMetrics } from './run-directory.js';
export { deserializeTree, type Serialized, serializeTree } from './serialize.js';
export { type SupervisedStepOptions, supervisedEvaluate, supervisedStep } from './supervised-step.js';
export { trainStep } from './train-step.js';
