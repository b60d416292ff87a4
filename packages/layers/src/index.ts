export { activation } from './activation.js';
export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationName,
  elu,
  type FusedActivationName,
  gelu,
  getActivation,
  leakyRelu,
  leakyReluWith,
  linear,
  relu,
  relu6,
  selu,
  sigmoid,
  softmax,
  softplus,
  swish,
  tanh,
} from './activations.js';
export { avgPool2d } from './avg-pool2d.js';
export { type Conv2dOptions, conv2d } from './conv2d.js';
export { countParams } from './count-params.js';
export { type DenseOptions, dense } from './dense.js';
export { dropout } from './dropout.js';
export { flatten } from './flatten.js';
export { call } from './graph/call.js';
export { cutAt } from './graph/cut-at.js';
export { freeze, type TrainableMask } from './graph/freeze.js';
export { input } from './graph/input.js';
export { type GraphModel, type GraphNode, type ModelOptions, model } from './graph/model.js';
export {
  isMultiInput,
  type MultiInputLayer,
  type MultiInputSpec,
  multiInputLayer,
} from './graph/multi-input.js';
export type { CallSource, InputSource, SymbolicTensor } from './graph/symbolic-tensor.js';
export {
  importTfjsLayers,
  type TfjsModelJson,
  type TfjsWeightSpec,
} from './import/import-tfjs-layers.js';
export { constant, ones, zeros } from './initializers/constant.js';
export type { Initializer } from './initializers/initializer.js';
export { orthogonal } from './initializers/orthogonal.js';
export {
  computeFans,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  type VarianceScalingOptions,
  varianceScaling,
} from './initializers/variance-scaling.js';
export type { LayerWithKind } from './layer-with-kind.js';
export { maxPool2d, type Pool2dOptions } from './max-pool2d.js';
export {
  type AttentionInputs,
  type MultiHeadAttention,
  type MultiHeadAttentionOptions,
  multiHeadAttention,
} from './multi-head-attention.js';
export { loadModel } from './save/load-model.js';
export { loadWeights, type Weights } from './save/load-weights.js';
export { type ModelSpec, type SavedModel, saveModel } from './save/save-model.js';
export { type Sequential, type SequentialEntry, sequential } from './sequential.js';
export { summary } from './summary.js';
