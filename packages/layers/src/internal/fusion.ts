import type { Layer, TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../activations.js';
import { convMaxPool } from './conv-max-pool.js';
import type { ConvGeometry } from './fused-conv2d.js';
import type { PoolGeometry } from './pool2d.js';

/** What `conv2d` tells `sequential` about itself, so that a following max pool can fuse with it. */
export interface ConvSpec {
  readonly geometry: ConvGeometry;
  readonly activation: Activation;
  /** The layer's own checks of params and input, with its own messages. */
  readonly prepare: (params: TensorTree, x: tf.Tensor) => { kernel: tf.Tensor; bias: tf.Tensor | undefined };
}

// Keyed by the layer objects that `conv2d` and `maxPool2d` return: a copy or a wrapper of one is a
// different object, and simply runs unfused. Weak, so layers are collected as usual.
const convs = new WeakMap<Layer, ConvSpec>();
const maxPools = new WeakMap<Layer, PoolGeometry>();

/** Registers `layer` (made by `conv2d`) as able to lead a fused block. */
export function markConv<L extends Layer>(layer: L, spec: ConvSpec): L {
  convs.set(layer, spec);
  return layer;
}

/** Registers `layer` (made by `maxPool2d`) as able to close a fused block. */
export function markMaxPool<L extends Layer>(layer: L, geometry: PoolGeometry): L {
  maxPools.set(layer, geometry);
  return layer;
}

/** A fused block's apply: params are those of the convolution, the pool has none. */
export type FusedApply = (params: TensorTree, x: tf.Tensor) => tf.Tensor;

/**
 * `first` then `second` as one op when `first` is a `conv2d` whose activation runs inside the
 * convolution kernel (linear, relu, relu6, elu, sigmoid, leaky relu with a slope ≥ 0) and `second` a
 * `maxPool2d` (any pool size, strides, padding): see `convMaxPool` for why its gradient is exact.
 * Otherwise undefined, and the two run one after the other: activations applied after the kernel
 * (tanh, gelu, swish, …) have derivatives that are not read from the output in this package.
 */
export function fuseConvMaxPool(first: Layer, second: Layer | undefined): FusedApply | undefined {
  const conv = convs.get(first);
  const pool = second === undefined ? undefined : maxPools.get(second);
  const fused = conv?.activation.fused;
  if (conv === undefined || pool === undefined || fused === undefined) return undefined;
  return (params, x) => {
    const { kernel, bias } = conv.prepare(params, x);
    return tf.tidy(() => convMaxPool(x, kernel, bias, conv.geometry, fused, pool));
  };
}
