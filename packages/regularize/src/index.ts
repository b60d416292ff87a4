export { type AddDecayedWeightsState, addDecayedWeights } from './add-decayed-weights.js';
export { type EarlyStopping, type EarlyStoppingOptions, earlyStopping } from './early-stopping.js';
export { l1Penalty } from './l1-penalty.js';
export { l2Penalty } from './l2-penalty.js';
export type { ParamMask } from './types.js';
