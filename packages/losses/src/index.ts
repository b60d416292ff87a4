export { binaryCrossentropy } from './binary-crossentropy.js';
export { categoricalCrossentropy } from './categorical-crossentropy.js';
export { huber } from './huber.js';
export { meanAbsoluteError } from './mean-absolute-error.js';
export { meanSquaredError } from './mean-squared-error.js';
export type { LossFor, PerSampleLoss, Reduction } from './reduction.js';
export {
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './sparse-categorical-crossentropy.js';
