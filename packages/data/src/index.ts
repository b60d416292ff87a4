export { type BucketizeOptions, type BucketizeState, bucketize } from './bucketize.js';
export { collate } from './collate.js';
export { concat } from './concat.js';
export type { CsvOptions, CsvRecord, CsvType, CsvValue } from './csv-decoder.js';
export {
  type BatchOptions,
  type BucketByLengthOptions,
  Dataset,
  type MapOptions,
  type PaddedBatchOptions,
  type ShuffleOptions,
} from './dataset.js';
export { deriveSeed } from './derive-seed.js';
export { type FeatureCrossOptions, featureCross } from './feature-cross.js';
export { type ColumnSpec, type CrossSpec, type FeatureSpaceSpec, featureSpace } from './feature-space.js';
export type { FeatureSlot, FeatureSpaceJson, FittedFeatureSpace, SavedStep } from './fitted-feature-space.js';
export type { Fold, KFoldOptions } from './folds.js';
export { fromArray } from './from-array.js';
export { fromCsv } from './from-csv.js';
export { fromGenerator, type GeneratorContext } from './from-generator.js';
export { fromJsonLines, type JsonLinesOptions } from './from-json-lines.js';
export { fromTextLines } from './from-text-lines.js';
export { type GroupKFoldOptions, groupKFold } from './group-k-fold.js';
export { type HashingOptions, hashing } from './hashing.js';
export { type Holdout, type HoldoutOptions, holdout } from './holdout.js';
export { type ImputeOptions, type ImputeState, type ImputeStrategy, impute } from './impute.js';
export { integerLookup } from './integer-lookup.js';
export { kFold } from './k-fold.js';
export { type FeatureSpaceLoadOptions, loadFeatureSpace } from './load-feature-space.js';
export type { LookupOptions, LookupState } from './lookup.js';
export { type MinMaxOptions, type MinMaxState, minMax } from './min-max.js';
export {
  type Mnist,
  type MnistArrays,
  type MnistOptions,
  type MnistPart,
  type MnistRecord,
  mnistFromArrays,
} from './mnist-from-arrays.js';
export { type OneHotOptions, oneHot } from './one-hot.js';
export { parseCsv } from './parse-csv.js';
export type { Cell, Json, Preprocessor } from './preprocessor.js';
export { type IdxArray, type IdxDtype, readIdx } from './read-idx.js';
export { type ReadIdxGzipOptions, readIdxGzip } from './read-idx-gzip.js';
export { type RobustScaleOptions, type RobustScaleState, robustScale } from './robust-scale.js';
export { stableHash } from './stable-hash.js';
export { type StandardizeState, standardize } from './standardize.js';
export { type StratifiedKFoldOptions, stratifiedKFold } from './stratified-k-fold.js';
export { stringLookup } from './string-lookup.js';
export type { TextSource } from './text-source.js';
export {
  type TextVectorizationOptions,
  type TextVectorizationState,
  textVectorization,
} from './text-vectorization.js';
export type {
  Batched,
  CollateDtype,
  DatasetSource,
  DtypeSpec,
  PaddedBatched,
  PassKey,
  Sample,
  TypedArray,
} from './types.js';
export { zip } from './zip.js';
