import { ConfigError, type Layer } from '@strata/core';
import {
  activation,
  add,
  avgPool1d,
  avgPool2d,
  batchNorm,
  bidirectional,
  type Conv2dOptions,
  concatenate,
  conv1d,
  conv2d,
  conv2dTranspose,
  cropping2d,
  type DenseOptions,
  dense,
  depthwiseConv2d,
  dropout,
  embedding,
  flatten,
  type GraphSpec,
  gaussianNoise,
  globalAvgPool1d,
  globalAvgPool2d,
  globalMaxPool1d,
  globalMaxPool2d,
  graphFromSpec,
  groupNorm,
  gru,
  layerNorm,
  lstm,
  type MultiHeadAttentionOptions,
  maxPool1d,
  maxPool2d,
  multiHeadAttention,
  multiply,
  type Pool2dOptions,
  permute,
  type RecurrentLayer,
  repeatVector,
  reshape,
  separableConv2d,
  simpleRNN,
  spatialDropout,
  timeDistributed,
  upSampling2d,
  zeroPadding2d,
} from '@strata/layers';

/** The config's options, typed as the layer factory's own (each factory checks them). */
type Opts<F extends (o: never) => unknown> = Parameters<F>[0];

/**
 * Every `@strata/layers` layer by its registry id (`strata/<name>`). Each layer checks its own options
 * (unknown keys, types, ranges) and throws a labelled error naming itself, so an entry only passes
 * the config's options through.
 */
export const LAYER_ENTRIES: Readonly<Record<string, (options: unknown) => Layer>> = {
  activation: (o) => {
    const { fn, ...rest } = (o ?? {}) as { fn?: unknown; name?: string };
    return activation(fn as Parameters<typeof activation>[0], rest);
  },
  'avg-pool2d': (o) => avgPool2d(o as Pool2dOptions),
  conv2d: (o) => conv2d(o as Conv2dOptions),
  dense: (o) => dense(o as DenseOptions),
  dropout: (o) => dropout(o as Parameters<typeof dropout>[0]),
  flatten: (o) => flatten(o as Parameters<typeof flatten>[0]),
  'max-pool2d': (o) => maxPool2d(o as Pool2dOptions),
  'multi-head-attention': (o) => multiHeadAttention(o as MultiHeadAttentionOptions),
  add: (o) => add(o as Opts<typeof add>),
  'avg-pool1d': (o) => avgPool1d(o as Opts<typeof avgPool1d>),
  concatenate: (o) => concatenate(o as Opts<typeof concatenate>),
  conv1d: (o) => conv1d(o as Opts<typeof conv1d>),
  'conv2d-transpose': (o) => conv2dTranspose(o as Opts<typeof conv2dTranspose>),
  cropping2d: (o) => cropping2d(o as Opts<typeof cropping2d>),
  'depthwise-conv2d': (o) => depthwiseConv2d(o as Opts<typeof depthwiseConv2d>),
  'gaussian-noise': (o) => gaussianNoise(o as Opts<typeof gaussianNoise>),
  'global-avg-pool1d': (o) => globalAvgPool1d(o as Opts<typeof globalAvgPool1d>),
  'global-avg-pool2d': (o) => globalAvgPool2d(o as Opts<typeof globalAvgPool2d>),
  'global-max-pool1d': (o) => globalMaxPool1d(o as Opts<typeof globalMaxPool1d>),
  'global-max-pool2d': (o) => globalMaxPool2d(o as Opts<typeof globalMaxPool2d>),
  'max-pool1d': (o) => maxPool1d(o as Opts<typeof maxPool1d>),
  multiply: (o) => multiply(o as Opts<typeof multiply>),
  permute: (o) => permute(o as Opts<typeof permute>),
  'repeat-vector': (o) => repeatVector(o as Opts<typeof repeatVector>),
  reshape: (o) => reshape(o as Opts<typeof reshape>),
  'separable-conv2d': (o) => separableConv2d(o as Opts<typeof separableConv2d>),
  'spatial-dropout': (o) => spatialDropout(o as Opts<typeof spatialDropout>),
  'up-sampling2d': (o) => upSampling2d(o as Opts<typeof upSampling2d>),
  'zero-padding2d': (o) => zeroPadding2d(o as Opts<typeof zeroPadding2d>),
  'batch-norm': (o) => batchNorm(o as Opts<typeof batchNorm>),
  'layer-norm': (o) => layerNorm(o as Opts<typeof layerNorm>),
  'group-norm': (o) => groupNorm(o as Opts<typeof groupNorm>),
  embedding: (o) => embedding(o as Opts<typeof embedding>),
  'simple-rnn': (o) => simpleRNN(o as Opts<typeof simpleRNN>),
  lstm: (o) => lstm(o as Opts<typeof lstm>),
  gru: (o) => gru(o as Opts<typeof gru>),
  // Wrappers name their inner layer by id: { layer: { id: 'strata/lstm', units: 64 }, mergeMode: 'sum' }.
  bidirectional: (o) => {
    const { layer, ...rest } = (o ?? {}) as { layer?: unknown };
    return bidirectional(innerLayer(layer, 'bidirectional') as RecurrentLayer, rest);
  },
  'time-distributed': (o) => {
    const { layer, ...rest } = (o ?? {}) as { layer?: unknown };
    return timeDistributed(innerLayer(layer, 'time-distributed'), rest);
  },
  // A graph model as JSON: { inputs: [{ name, shape }], layers: [{ name, id, options, inputs }], outputs }.
  graph: (o) =>
    graphFromSpec(o as GraphSpec, (id, options) => innerLayer({ ...(options as object), id }, 'graph')),
};

/** The layer a wrapper's `layer` option names: `{ id: 'strata/<name>', ...its options }`. */
function innerLayer(spec: unknown, wrapper: string): Layer {
  const { id, ...options } = (spec ?? {}) as { id?: unknown };
  const name = typeof id === 'string' && id.startsWith('strata/') ? id.slice('strata/'.length) : undefined;
  const make = name === undefined ? undefined : LAYER_ENTRIES[name];
  if (make === undefined) {
    throw new ConfigError(
      `strata/${wrapper}({layer})`,
      `must name a layer as { id: 'strata/<name>', ...options }, got ${JSON.stringify(id)}`,
    );
  }
  return make(options);
}
