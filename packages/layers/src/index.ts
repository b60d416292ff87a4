export { activation } from './activation.js';
export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationName,
  elu,
  type FusedActivationName,
  gelu,
  geluTanh,
  getActivation,
  hardSigmoid,
  leakyRelu,
  leakyReluWith,
  linear,
  logSoftmax,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  swish,
  tanh,
} from './activations.js';
export { add } from './add.js';
export { avgPool1d } from './avg-pool1d.js';
export { avgPool2d } from './avg-pool2d.js';
export { type BatchNormOptions, batchNorm } from './batch-norm.js';
export {
  type Bidirectional,
  type BidirectionalOptions,
  bidirectional,
  type MergeMode,
} from './bidirectional.js';
export { concatenate } from './concatenate.js';
export { type Conv1dOptions, conv1d } from './conv1d.js';
export { type Conv2dOptions, conv2d } from './conv2d.js';
export { type Conv2dTransposeOptions, conv2dTranspose } from './conv2d-transpose.js';
export { countParams } from './count-params.js';
export { cropping2d } from './cropping2d.js';
export { type DenseOptions, dense } from './dense.js';
export { type DepthwiseConv2dOptions, depthwiseConv2d } from './depthwise-conv2d.js';
export { dropout } from './dropout.js';
export { type EmbeddingOptions, embedding } from './embedding.js';
export { flatten } from './flatten.js';
export { gaussianNoise } from './gaussian-noise.js';
export { type GlobalPoolOptions, globalAvgPool1d } from './global-avg-pool1d.js';
export { globalAvgPool2d } from './global-avg-pool2d.js';
export { globalMaxPool1d } from './global-max-pool1d.js';
export { globalMaxPool2d } from './global-max-pool2d.js';
export { call } from './graph/call.js';
export { cutAt } from './graph/cut-at.js';
export { freeze, type TrainableMask } from './graph/freeze.js';
export { type GraphSpec, graphFromSpec } from './graph/graph-from-spec.js';
export { input } from './graph/input.js';
export { type GraphModel, type GraphNode, type ModelOptions, model } from './graph/model.js';
export {
  isMultiInput,
  type MultiInputLayer,
  type MultiInputSpec,
  multiInputLayer,
} from './graph/multi-input.js';
export type { CallSource, InputSource, SymbolicTensor } from './graph/symbolic-tensor.js';
export { type GroupNormOptions, groupNorm } from './group-norm.js';
export { type GruOptions, gru } from './gru.js';
export {
  importTfjsLayers,
  type TfjsModelJson,
  type TfjsWeightSpec,
} from './import/import-tfjs-layers.js';
export { constant, ones, zeros } from './initializers/constant.js';
export { identity } from './initializers/identity.js';
export type { Initializer } from './initializers/initializer.js';
export { orthogonal } from './initializers/orthogonal.js';
export { truncatedNormal } from './initializers/truncated-normal.js';
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
export type {
  RecurrentCallOptions,
  RecurrentLayer,
  RecurrentOptions,
  RecurrentResult,
} from './internal/recurrent-layer.js';
export { type LayerNormOptions, layerNorm } from './layer-norm.js';
export type { LayerWithKind } from './layer-with-kind.js';
export { type LstmOptions, lstm } from './lstm.js';
export { maxPool1d, type Pool1dOptions } from './max-pool1d.js';
export { maxPool2d, type Pool2dOptions } from './max-pool2d.js';
export {
  type AttentionInputs,
  type MultiHeadAttention,
  type MultiHeadAttentionOptions,
  multiHeadAttention,
} from './multi-head-attention.js';
export { multiply } from './multiply.js';
export { permute } from './permute.js';
export { repeatVector } from './repeat-vector.js';
export { reshape } from './reshape.js';
export { loadModel } from './save/load-model.js';
export { loadWeights, type Weights } from './save/load-weights.js';
export { type ModelSpec, type SavedModel, saveModel } from './save/save-model.js';
export { type SeparableConv2dOptions, separableConv2d } from './separable-conv2d.js';
export { type Sequential, type SequentialEntry, sequential } from './sequential.js';
export { type SimpleRnnOptions, simpleRNN } from './simple-rnn.js';
export { spatialDropout } from './spatial-dropout.js';
export { summary } from './summary.js';
export { timeDistributed } from './time-distributed.js';
export { type UpSampling2dOptions, upSampling2d } from './up-sampling2d.js';
export { type Padding2d, zeroPadding2d } from './zero-padding2d.js';
