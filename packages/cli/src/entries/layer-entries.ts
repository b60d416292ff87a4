import type { Layer } from '@strata/core';
import {
  activation,
  avgPool2d,
  type Conv2dOptions,
  conv2d,
  type DenseOptions,
  dense,
  dropout,
  flatten,
  type MultiHeadAttentionOptions,
  maxPool2d,
  multiHeadAttention,
  type Pool2dOptions,
} from '@strata/layers';

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
};
