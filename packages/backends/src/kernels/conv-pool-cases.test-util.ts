/**
 * Test support (not part of the package) shared by the cpu and wasm tests of StrataConvPoolBackprop:
 * the case grid and the dense route it must equal.
 */
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'same' | 'valid';

export interface ConvPoolCase {
  /** [batch, height, width, inChannels, outChannels, kernelH, kernelW] */
  dims: [number, number, number, number, number, number, number];
  strides: [number, number];
  pad: Pad;
  poolSize: [number, number];
  poolStrides: [number, number];
  poolPad: Pad;
}

/**
 * Conv strides 1 and 2, SAME and VALID, pools 2×2, 3×3 and 2×2 with gaps; C = 1, 3 (wasm's dense
 * fallback), 6, 8, 32 and CO that leave SIMD remainders.
 */
export const convPoolCases: ConvPoolCase[] = [
  {
    dims: [2, 8, 8, 1, 5, 3, 3],
    strides: [1, 1],
    pad: 'valid',
    poolSize: [2, 2],
    poolStrides: [2, 2],
    poolPad: 'valid',
  },
  {
    dims: [3, 9, 7, 3, 5, 3, 3],
    strides: [1, 1],
    pad: 'same',
    poolSize: [2, 2],
    poolStrides: [2, 2],
    poolPad: 'same',
  },
  {
    dims: [2, 11, 10, 6, 7, 3, 2],
    strides: [2, 1],
    pad: 'same',
    poolSize: [3, 3],
    poolStrides: [3, 3],
    poolPad: 'valid',
  },
  {
    dims: [2, 11, 10, 8, 8, 3, 2],
    strides: [2, 1],
    pad: 'same',
    poolSize: [3, 3],
    poolStrides: [3, 3],
    poolPad: 'valid',
  },
  {
    dims: [1, 12, 12, 6, 7, 5, 5],
    strides: [1, 2],
    pad: 'valid',
    poolSize: [2, 2],
    poolStrides: [3, 2],
    poolPad: 'valid',
  },
  {
    dims: [2, 13, 13, 32, 9, 3, 3],
    strides: [1, 1],
    pad: 'valid',
    poolSize: [2, 2],
    poolStrides: [2, 2],
    poolPad: 'valid',
  },
];

export function convPoolAttrs(c: ConvPoolCase, wrt: 'filter' | 'input') {
  return {
    wrt,
    strides: c.strides,
    pad: c.pad,
    poolSize: c.poolSize,
    poolStrides: c.poolStrides,
    poolPad: c.poolPad,
  };
}

/** MaxPoolGrad spreads dy over y, then the two conv gradient kernels: whichever cpu kernels are registered. */
export function denseConvPoolGrads(
  x: tf.Tensor,
  filter: tf.Tensor,
  y: tf.Tensor,
  out: tf.Tensor,
  dy: tf.Tensor,
  c: ConvPoolCase,
) {
  return tf.tidy(() => {
    const dz = tf.engine().runKernel('MaxPoolGrad', { dy, input: y, output: out }, {
      filterSize: c.poolSize,
      strides: c.poolStrides,
      pad: c.poolPad,
    } as never) as tf.Tensor;
    const conv = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dz }, {
      ...conv,
      filterShape: filter.shape,
    } as never) as tf.Tensor;
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: dz, filter }, {
      ...conv,
      inputShape: x.shape,
    } as never) as tf.Tensor;
    return { dw: dw.dataSync().slice(), dx: dx.dataSync().slice() };
  });
}
