export { collate } from './collate.js';
export { type BatchOptions, Dataset, type ShuffleOptions } from './dataset.js';
export { deriveSeed } from './derive-seed.js';
export { fromArray } from './from-array.js';
export { fromGenerator, type GeneratorContext } from './from-generator.js';
export { type Holdout, type HoldoutOptions, holdout } from './holdout.js';
export {
  type Mnist,
  type MnistArrays,
  type MnistOptions,
  type MnistPart,
  type MnistRecord,
  mnistFromArrays,
} from './mnist-from-arrays.js';
export { type IdxArray, type IdxDtype, readIdx } from './read-idx.js';
export type {
  Batched,
  CollateDtype,
  DatasetSource,
  DtypeSpec,
  PassKey,
  Sample,
  TypedArray,
} from './types.js';
export { zip } from './zip.js';
