export { type AccuracyOptions, type AccuracyState, accuracy } from './accuracy.js';
export {
  type AveragePrecisionOptions,
  averagePrecision,
  averagePrecisionScore,
} from './average-precision.js';
export {
  type BalancedAccuracyOptions,
  balancedAccuracy,
  balancedAccuracyScore,
} from './balanced-accuracy.js';
export type {
  Average,
  ClassCountsState,
  ClassificationTask,
  TaskOptions,
  ZeroDivision,
} from './class-counts.js';
export { type CohenKappaOptions, cohenKappa, cohenKappaScore } from './cohen-kappa.js';
export {
  type ConfusionMatrixOptions,
  type ConfusionMatrixState,
  confusionMatrix,
} from './confusion-matrix.js';
export { defineMetric, type MetricDefinition } from './define-metric.js';
export { type FBetaOptions, fBeta, fBetaScore } from './f-beta.js';
export { type F1Options, f1, f1Score } from './f1.js';
export {
  type MatthewsCorrelationOptions,
  matthewsCorrelation,
  matthewsCorrelationScore,
} from './matthews-correlation.js';
export { type MeanMetric, type MeanOptions, type MeanState, mean } from './mean.js';
export { mergeStates } from './merge-states.js';
export { type PrecisionOptions, precision, precisionScore } from './precision.js';
export { readState } from './read-state.js';
export { type RecallOptions, recall, recallScore } from './recall.js';
export { type CurveScoreOf, type RocAucOptions, rocAuc, rocAucScore } from './roc-auc.js';
export type { ScoresState } from './score-curves.js';
export { type SpecificityOptions, specificity, specificityScore } from './specificity.js';
export { type TopKAccuracyOptions, type TopKAccuracyState, topKAccuracy } from './top-k-accuracy.js';
export type { MetricState, Reduction, Reductions, StreamingMetric } from './types.js';
