export { applyConstraints, type ConstraintMap } from './apply-constraints.js';
export { dropPath } from './drop-path.js';
export {
  type EarlyStopping,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
  earlyStopping,
} from './early-stopping.js';
export { type ElasticNetPenaltyOptions, elasticNetPenalty } from './elastic-net-penalty.js';
export { l1Penalty } from './l1-penalty.js';
export { l2Penalty } from './l2-penalty.js';
export { type MaxNormOptions, maxNorm } from './max-norm.js';
export { nonNeg } from './non-neg.js';
export { smoothLabels } from './smooth-labels.js';
export { smoothSparseLabels } from './smooth-sparse-labels.js';
export type { Constraint, MaskTree, ParamMask } from './types.js';
export { type UnitNormOptions, unitNorm } from './unit-norm.js';
