export { type AccuracyOptions, type AccuracyState, accuracy } from './accuracy.js';
export { type AveragePrecisionOptions, averagePrecision, averagePrecisionOf } from './average-precision.js';
export { type AveragePrecisionBinnedOptions, averagePrecisionBinned } from './average-precision-binned.js';
export { type BalancedAccuracyOptions, balancedAccuracy, balancedAccuracyOf } from './balanced-accuracy.js';
export type { BinnedOptions, BinnedResult, BinnedState } from './binned-curve.js';
export type {
  Average,
  ClassCountsState,
  ClassificationTask,
  TaskOptions,
  ZeroDivision,
} from './class-counts.js';
export {
  type ClassificationReport,
  type ClassificationReportOptions,
  classificationReport,
  classificationReportOf,
  type ReportRow,
} from './classification-report.js';
export { type CohenKappaOptions, cohenKappa, cohenKappaOf } from './cohen-kappa.js';
export {
  type ConfusionMatrixOptions,
  type ConfusionMatrixState,
  confusionMatrix,
} from './confusion-matrix.js';
export { defineMetric, type MetricDefinition } from './define-metric.js';
export {
  type ExpectedCalibrationErrorOptions,
  type ExpectedCalibrationErrorState,
  expectedCalibrationError,
  expectedCalibrationErrorOf,
} from './expected-calibration-error.js';
export {
  type ExplainedVarianceOptions,
  explainedVariance,
  explainedVarianceOf,
} from './explained-variance.js';
export { type FBetaOptions, fBeta, fBetaOf } from './f-beta.js';
export { type F1Options, f1, f1Of } from './f1.js';
export { hitRateAtK, hitRateAtKOf } from './hit-rate-at-k.js';
export type { ImageMetricState } from './image-internal.js';
export { type LogLossOptions, type LogLossState, logLoss, logLossOf } from './log-loss.js';
export { mapPredictions } from './map-predictions.js';
export {
  type MatthewsCorrelationOptions,
  matthewsCorrelation,
  matthewsCorrelationOf,
} from './matthews-correlation.js';
export { type MeanMetric, type MeanOptions, type MeanState, mean } from './mean.js';
export {
  type MeanAbsoluteErrorOptions,
  meanAbsoluteError,
  meanAbsoluteErrorOf,
} from './mean-absolute-error.js';
export {
  type MeanAbsolutePercentageErrorOptions,
  meanAbsolutePercentageError,
  meanAbsolutePercentageErrorOf,
} from './mean-absolute-percentage-error.js';
export { meanAveragePrecisionAtK, meanAveragePrecisionAtKOf } from './mean-average-precision-at-k.js';
export { meanReciprocalRank, meanReciprocalRankOf } from './mean-reciprocal-rank.js';
export { type MeanSquaredErrorOptions, meanSquaredError, meanSquaredErrorOf } from './mean-squared-error.js';
export { mergeStates } from './merge-states.js';
export { ndcgAtK, ndcgAtKOf } from './ndcg-at-k.js';
export { type PrecisionOptions, precision, precisionOf } from './precision.js';
export { precisionAtK, precisionAtKOf } from './precision-at-k.js';
export {
  type PrecisionRecallCurve,
  precisionRecallCurve,
  precisionRecallCurveOf,
} from './precision-recall-curve.js';
export { type PsnrOptions, psnr, psnrOf } from './psnr.js';
export { type R2ScoreOptions, r2Score, r2ScoreOf } from './r2-score.js';
export type { RankingOptions, RankingState } from './ranking-internal.js';
export { readState } from './read-state.js';
export { type RecallOptions, recall, recallOf } from './recall.js';
export { recallAtK, recallAtKOf } from './recall-at-k.js';
export type { MeanErrorState, MomentsState, Multioutput, MultioutputResult } from './regression-internal.js';
export { type CurveScoreOf, type RocAucOptions, rocAuc, rocAucOf } from './roc-auc.js';
export { type RocAucBinnedOptions, rocAucBinned } from './roc-auc-binned.js';
export { type RocCurve, type RocCurveOptions, rocCurve, rocCurveOf } from './roc-curve.js';
export {
  type RootMeanSquaredErrorOptions,
  rootMeanSquaredError,
  rootMeanSquaredErrorOf,
} from './root-mean-squared-error.js';
export type { ScoresState } from './score-curves.js';
export { type SpecificityOptions, specificity, specificityOf } from './specificity.js';
export { type SsimOptions, ssim, ssimOf } from './ssim.js';
export { type TopKAccuracyOptions, type TopKAccuracyState, topKAccuracy } from './top-k-accuracy.js';
export type { MetricState, Reduction, Reductions, StreamingMetric } from './types.js';
