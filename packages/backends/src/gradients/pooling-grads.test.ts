import * as tf from '@tensorflow/tfjs-core';
import { describeFamily, distinct, type GradCase, uniform } from './grad-check.test-util.js';
import { poolingGrads } from './pooling-grads.js';

const cases: GradCase[] = [
  {
    name: 'MaxPool 2x2 stride 2 valid, and 3x3 stride 1 same (overlapping windows)',
    kernels: [tf.MaxPool],
    inputs: (r) => [distinct(r, [2, 4, 4, 2], 0.02)],
    f: (x) => [tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), tf.maxPool(x as tf.Tensor4D, 3, 1, 'same')],
  },
  {
    name: 'MaxPool on a rank-3 input, 3x2 window, strides [2, 1], same, odd size',
    kernels: [tf.MaxPool],
    inputs: (r) => [distinct(r, [5, 4, 2], 0.02)],
    f: (x) => tf.maxPool(x as tf.Tensor3D, [3, 2], [2, 1], 'same'),
  },
  {
    name: 'MaxPool with numeric padding and dimRoundingMode floor',
    kernels: [tf.MaxPool],
    inputs: (r) => [distinct(r, [1, 5, 5, 1], 0.02)],
    f: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 1, 'floor'),
  },
  {
    name: 'AvgPool 2x2 stride 2 valid, and 3x3 stride 2 same',
    kernels: [tf.AvgPool],
    inputs: (r) => [uniform(r, [2, 4, 4, 2])],
    f: (x) => [tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'), tf.avgPool(x as tf.Tensor4D, 3, 2, 'same')],
  },
  {
    name: 'AvgPool on a rank-3 input, strides [1, 2], same, odd size',
    kernels: [tf.AvgPool],
    inputs: (r) => [uniform(r, [5, 5, 1])],
    f: (x) => tf.avgPool(x as tf.Tensor3D, [2, 3], [1, 2], 'same'),
  },
  {
    name: 'ResizeBilinear 2x up, plain, alignCorners and halfPixelCenters',
    kernels: [tf.ResizeBilinear],
    inputs: (r) => [uniform(r, [1, 3, 2, 2])],
    f: (x) => [
      tf.image.resizeBilinear(x as tf.Tensor4D, [6, 4]),
      tf.image.resizeBilinear(x as tf.Tensor4D, [5, 3], true),
      tf.image.resizeBilinear(x as tf.Tensor4D, [4, 5], false, true),
    ],
  },
  {
    name: 'ResizeBilinear down 4x5 -> 3x2, plain and halfPixelCenters, batch 2',
    kernels: [tf.ResizeBilinear],
    inputs: (r) => [uniform(r, [2, 4, 5, 1])],
    f: (x) => [
      tf.image.resizeBilinear(x as tf.Tensor4D, [3, 2]),
      tf.image.resizeBilinear(x as tf.Tensor4D, [3, 2], false, true),
    ],
  },
  {
    name: 'ResizeNearestNeighbor up and down, plain, alignCorners and halfPixelCenters',
    kernels: [tf.ResizeNearestNeighbor],
    inputs: (r) => [uniform(r, [2, 3, 4, 2])],
    f: (x) => [
      tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [6, 7]),
      tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [2, 3]),
      tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [5, 3], true),
      tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [5, 6], false, true),
    ],
  },
];

describeFamily('pooling gradients', poolingGrads, cases);
