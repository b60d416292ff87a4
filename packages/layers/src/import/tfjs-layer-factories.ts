import { ConfigError, type Layer } from '@strata/core';
import { activation } from '../activation.js';
import { ACTIVATION_NAMES, type ActivationName } from '../activations.js';
import { add } from '../add.js';
import { avgPool2d } from '../avg-pool2d.js';
import { batchNorm } from '../batch-norm.js';
import { concatenate } from '../concatenate.js';
import { conv2d } from '../conv2d.js';
import { dense } from '../dense.js';
import { dropout } from '../dropout.js';
import { embedding } from '../embedding.js';
import { flatten } from '../flatten.js';
import { gru } from '../gru.js';
import { layerNorm } from '../layer-norm.js';
import { lstm } from '../lstm.js';
import { maxPool2d } from '../max-pool2d.js';
import { multiply } from '../multiply.js';

/** A Keras layer config as tfjs-layers serializes it (snake_case keys). */
export type KerasConfig = Readonly<Record<string, unknown>>;

/** 'hard_sigmoid' → 'hardSigmoid': Keras names to Strata's. */
export const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function act(config: KerasConfig, key: string, where: string): ActivationName {
  const raw = config[key] ?? 'linear';
  const name = camel(String(raw));
  if (!(ACTIVATION_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(
      where,
      `${key} '${String(raw)}' has no Strata equivalent; known: ${ACTIVATION_NAMES.join(', ')}`,
    );
  }
  return name as ActivationName;
}

function channelsLast(config: KerasConfig, where: string): void {
  const format = config.data_format ?? 'channels_last';
  if (format !== 'channels_last') {
    throw new ConfigError(
      where,
      `data_format '${String(format)}' is not supported; Strata is NHWC (channels_last)`,
    );
  }
}

function recurrentChecks(config: KerasConfig, where: string): void {
  if (act(config, 'activation', where) !== 'tanh')
    throw new ConfigError(where, 'only activation tanh is supported');
  if (config.recurrent_activation !== undefined && act(config, 'recurrent_activation', where) !== 'sigmoid') {
    throw new ConfigError(
      where,
      `recurrent_activation '${String(config.recurrent_activation)}' is not supported (tfjs-layers defaults to hard_sigmoid); Strata's recurrent gates are sigmoid, as Keras' default`,
    );
  }
  for (const key of ['stateful', 'unroll']) {
    if (config[key] === true) throw new ConfigError(where, `${key}: true is not supported`);
  }
  if (config.return_state === true)
    throw new ConfigError(where, 'return_state is not supported in an imported graph');
}

const pad = (config: KerasConfig) => (config.padding === 'same' ? 'same' : 'valid');
const pair = (v: unknown) => v as number | [number, number];

/**
 * One builder per Keras class: the Strata layer with the same computation, named as in Keras so its
 * weights (`<layer>/<param>`) land at `params[<layer>][<param in camelCase>]`.
 */
export const TFJS_LAYERS: Readonly<Record<string, (config: KerasConfig, name: string) => Layer>> = {
  Dense: (c, name) =>
    dense({
      units: c.units as number,
      activation: act(c, 'activation', name),
      useBias: c.use_bias !== false,
      name,
    }),
  Conv2D: (c, name) => {
    channelsLast(c, name);
    return conv2d({
      filters: c.filters as number,
      kernelSize: pair(c.kernel_size),
      strides: pair(c.strides ?? 1),
      padding: pad(c),
      dilationRate: pair(c.dilation_rate ?? 1),
      activation: act(c, 'activation', name),
      useBias: c.use_bias !== false,
      name,
    });
  },
  MaxPooling2D: (c, name) => {
    channelsLast(c, name);
    return maxPool2d({
      poolSize: pair(c.pool_size ?? 2),
      strides: pair(c.strides ?? c.pool_size ?? 2),
      padding: pad(c),
      name,
    });
  },
  AveragePooling2D: (c, name) => {
    channelsLast(c, name);
    return avgPool2d({
      poolSize: pair(c.pool_size ?? 2),
      strides: pair(c.strides ?? c.pool_size ?? 2),
      padding: pad(c),
      name,
    });
  },
  Flatten: (c, name) => {
    channelsLast(c, name);
    return flatten({ name });
  },
  Dropout: (c, name) => dropout({ rate: c.rate as number, name }),
  Activation: (c, name) => activation(act(c, 'activation', name), { name }),
  Embedding: (c, name) =>
    embedding({
      inputDim: c.input_dim as number,
      outputDim: c.output_dim as number,
      maskZero: c.mask_zero === true,
      name,
    }),
  LSTM: (c, name) => {
    recurrentChecks(c, name);
    return lstm({
      units: c.units as number,
      returnSequences: c.return_sequences === true,
      goBackwards: c.go_backwards === true,
      useBias: c.use_bias !== false,
      name,
    });
  },
  GRU: (c, name) => {
    recurrentChecks(c, name);
    return gru({
      units: c.units as number,
      returnSequences: c.return_sequences === true,
      goBackwards: c.go_backwards === true,
      useBias: c.use_bias !== false,
      // tfjs-layers has no reset_after option and computes the original GRU (Cho et al. 2014).
      resetAfter: c.reset_after === true,
      name,
    });
  },
  BatchNormalization: (c, name) =>
    batchNorm({
      axis: (c.axis as number | undefined) ?? -1,
      momentum: (c.momentum as number | undefined) ?? 0.99,
      epsilon: (c.epsilon as number | undefined) ?? 1e-3,
      center: c.center !== false,
      scale: c.scale !== false,
      name,
    }),
  LayerNormalization: (c, name) =>
    layerNorm({
      axis: (c.axis as number | number[] | undefined) ?? -1,
      epsilon: (c.epsilon as number | undefined) ?? 1e-3,
      center: c.center !== false,
      scale: c.scale !== false,
      name,
    }),
  Add: (_c, name) => add({ name }),
  Multiply: (_c, name) => multiply({ name }),
  Concatenate: (c, name) => concatenate({ axis: (c.axis as number | undefined) ?? -1, name }),
};
