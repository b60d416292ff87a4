import * as tf from '@tensorflow/tfjs-core';
import { describeFamily, distinct, type GradCase, uniform } from './grad-check.test-util.js';
import { reductionGrads } from './reduction-grads.js';

const cases: GradCase[] = [
  {
    name: 'Sum over all axes, over axis 1, over [0, 2] with keepDims, over -1',
    kernels: [tf.Sum],
    inputs: (r) => [uniform(r, [2, 3, 2])],
    f: (x) => [tf.sum(x), tf.sum(x, 1), tf.sum(x, [0, 2], true), tf.sum(x, -1)],
  },
  {
    name: 'Mean over all axes, over axis 0 with keepDims, over [1, 2]',
    kernels: [tf.Mean],
    inputs: (r) => [uniform(r, [2, 3, 2])],
    f: (x) => [tf.mean(x), tf.mean(x, 0, true), tf.mean(x, [1, 2])],
  },
  {
    name: 'Max over all axes, over axis 1, over -1 with keepDims (distinct values)',
    kernels: [tf.Max],
    inputs: (r) => [distinct(r, [2, 3, 4])],
    f: (x) => [tf.max(x), tf.max(x, 1), tf.max(x, -1, true)],
  },
  {
    name: 'Min over all axes, over [0, 2], over 1 with keepDims (distinct values)',
    kernels: [tf.Min],
    inputs: (r) => [distinct(r, [2, 3, 4])],
    f: (x) => [tf.min(x), tf.min(x, [0, 2]), tf.min(x, 1, true)],
  },
  {
    name: 'Prod over all axes, over axis 1, over [0, 2] with keepDims',
    kernels: [tf.Prod],
    inputs: (r) => [uniform(r, [2, 3, 2], 0.5, 1.5)],
    f: (x) => [tf.prod(x), tf.prod(x, 1), tf.prod(x, [0, 2], true)],
  },
  {
    // A zero makes the other elements' gradients zero and its own the product of the rest; the
    // cumulative-product construction gets both right where prod / x would divide by zero.
    name: 'Prod with a zero element',
    kernels: [tf.Prod],
    inputs: () => [
      tf.tensor2d([
        [0.8, 0, 1.3],
        [1.1, 0.6, 0.9],
      ]),
    ],
    f: (x) => tf.prod(x, 1),
  },
  {
    name: 'Cumsum: plain, exclusive, reverse, both, along axis 0 and 1',
    kernels: [tf.Cumsum],
    inputs: (r) => [uniform(r, [3, 4])],
    f: (x) => [
      tf.cumsum(x, 1),
      tf.cumsum(x, 1, true),
      tf.cumsum(x, 1, false, true),
      tf.cumsum(x, 0, true, true),
    ],
  },
];

describeFamily('reduction gradients', reductionGrads, cases);
