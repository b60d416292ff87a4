export { binaryCrossentropy } from './binary-crossentropy.js';
export {
  type BinaryFocalCrossentropyOptions,
  binaryFocalCrossentropy,
} from './binary-focal-crossentropy.js';
export { categoricalCrossentropy } from './categorical-crossentropy.js';
export {
  type CategoricalFocalCrossentropyOptions,
  categoricalFocalCrossentropy,
} from './categorical-focal-crossentropy.js';
export { categoricalHinge } from './categorical-hinge.js';
export { cosineSimilarity } from './cosine-similarity.js';
export { hinge } from './hinge.js';
export { huber } from './huber.js';
export { klDivergence } from './kl-divergence.js';
export { logCosh } from './log-cosh.js';
export { meanAbsoluteError } from './mean-absolute-error.js';
export { meanSquaredError } from './mean-squared-error.js';
export { poisson } from './poisson.js';
export type { ClassWeightsOption, LossFor, PerSampleLoss, Reduction, WeightedLoss } from './reduction.js';
export {
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './sparse-categorical-crossentropy.js';
export { squaredHinge } from './squared-hinge.js';
