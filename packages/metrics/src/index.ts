export { type AccuracyOptions, type AccuracyState, accuracy } from './accuracy.js';
export {
  type ConfusionMatrixOptions,
  type ConfusionMatrixState,
  confusionMatrix,
} from './confusion-matrix.js';
export { defineMetric, type MetricDefinition } from './define-metric.js';
export { type MeanMetric, type MeanOptions, type MeanState, mean } from './mean.js';
export { mergeStates } from './merge-states.js';
export { readState } from './read-state.js';
export { type TopKAccuracyOptions, type TopKAccuracyState, topKAccuracy } from './top-k-accuracy.js';
export type { MetricState, Reduction, Reductions, StreamingMetric } from './types.js';
