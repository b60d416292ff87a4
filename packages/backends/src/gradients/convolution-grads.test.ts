import * as tf from '@tensorflow/tfjs-core';
import { convolutionGrads } from './convolution-grads.js';
import { describeFamily, type GradCase, uniform } from './grad-check.test-util.js';

type Pad =
  | 'same'
  | 'valid'
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

/** A conv2d case: input [1 or 2, h, w, cin], filter [kh, kw, cin, cout]. */
const conv = (
  name: string,
  xShape: [number, number, number, number],
  fShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dilations: number | [number, number] = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): GradCase => ({
  name: `Conv2D ${name}`,
  kernels: [tf.Conv2D],
  inputs: (r) => [uniform(r, xShape), uniform(r, fShape)],
  f: (x, w) =>
    tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad, 'NHWC', dilations, dimRoundingMode),
});

const cases: GradCase[] = [
  {
    name: 'BatchMatMul, 2-D, all four transpose combinations',
    kernels: [tf.BatchMatMul],
    inputs: (r) => [uniform(r, [2, 3]), uniform(r, [3, 4]), uniform(r, [3, 2]), uniform(r, [4, 3])],
    f: (a, b, at, bt) => [
      tf.matMul(a, b),
      tf.matMul(at, b, true, false),
      tf.matMul(a, bt, false, true),
      tf.matMul(at, bt, true, true),
    ],
  },
  {
    name: 'BatchMatMul, batched [2,2,3] x [2,3,2] and transposed batched',
    kernels: [tf.BatchMatMul],
    inputs: (r) => [uniform(r, [2, 2, 3]), uniform(r, [2, 3, 2])],
    f: (a, b) => [tf.matMul(a, b), tf.matMul(a, b, true, true)],
  },
  {
    name: 'BatchMatMul, broadcast batch: [2,2,3] x [3,2] and [1,2,3] x [2,3,2]',
    kernels: [tf.BatchMatMul],
    inputs: (r) => [uniform(r, [2, 2, 3]), uniform(r, [3, 2]), uniform(r, [1, 2, 3])],
    f: (a, b, c) => [tf.matMul(a, b), tf.matMul(c, tf.reshape(tf.tile(b, [2, 1]), [2, 3, 2]))],
  },
  conv('stride 1, same', [2, 4, 4, 2], [3, 3, 2, 3], 1, 'same'),
  conv('stride 2, valid', [1, 5, 5, 2], [2, 2, 2, 2], 2, 'valid'),
  conv('stride 2, same, odd size (extra padding bottom/right)', [1, 5, 5, 1], [3, 3, 1, 2], 2, 'same'),
  conv(
    'strides [1, 2], explicit padding',
    [1, 4, 5, 2],
    [2, 3, 2, 2],
    [1, 2],
    [
      [0, 0],
      [1, 0],
      [2, 1],
      [0, 0],
    ],
  ),
  conv('numeric padding with dimRoundingMode ceil', [1, 5, 5, 1], [2, 2, 1, 2], 2, 1, 1, 'ceil'),
  conv('dilation 2, same', [1, 6, 6, 2], [2, 2, 2, 2], 1, 'same', 2),
  conv('dilations [2, 1], valid', [1, 6, 5, 1], [3, 2, 1, 2], 1, 'valid', [2, 1]),
  {
    name: 'Conv2D through conv1d (Reshape + Conv2D), stride 2',
    kernels: [tf.Conv2D],
    inputs: (r) => [uniform(r, [2, 7, 2]), uniform(r, [3, 2, 3])],
    f: (x, w) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 2, 'same'),
  },
  {
    name: 'Conv2DBackpropInput (conv2dTranspose) stride 2, same',
    kernels: [tf.Conv2DBackpropInput],
    inputs: (r) => [uniform(r, [1, 3, 3, 3]), uniform(r, [3, 3, 2, 3])],
    f: (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [1, 6, 6, 2], 2, 'same'),
  },
  {
    name: 'Conv2DBackpropInput (conv2dTranspose) stride 1, valid',
    kernels: [tf.Conv2DBackpropInput],
    inputs: (r) => [uniform(r, [2, 3, 3, 2]), uniform(r, [2, 2, 1, 2])],
    f: (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 4, 4, 1], 1, 'valid'),
  },
  {
    name: 'DepthwiseConv2dNative, multiplier 2, stride 2, same',
    kernels: [tf.DepthwiseConv2dNative],
    inputs: (r) => [uniform(r, [1, 5, 5, 2]), uniform(r, [3, 3, 2, 2])],
    f: (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'),
  },
  {
    name: 'DepthwiseConv2dNative, dilation 2, valid',
    kernels: [tf.DepthwiseConv2dNative],
    inputs: (r) => [uniform(r, [1, 6, 6, 2]), uniform(r, [2, 2, 2, 1])],
    f: (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid', 'NHWC', 2),
  },
  {
    name: 'separableConv2d (DepthwiseConv2dNative + Conv2D)',
    kernels: [tf.DepthwiseConv2dNative, tf.Conv2D],
    inputs: (r) => [uniform(r, [1, 4, 4, 2]), uniform(r, [2, 2, 2, 2]), uniform(r, [1, 1, 4, 3])],
    f: (x, d, p) => tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same'),
  },
];

describeFamily('convolution gradients', convolutionGrads, cases);
