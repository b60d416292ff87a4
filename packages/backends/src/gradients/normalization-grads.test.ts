import * as tf from '@tensorflow/tfjs-core';
import { describeFamily, type GradCase, uniform } from './grad-check.test-util.js';
import { normalizationGrads } from './normalization-grads.js';

const cases: GradCase[] = [
  {
    name: 'FusedBatchNorm, rank-4 input, per-channel statistics, scale and offset',
    kernels: [tf.FusedBatchNorm],
    inputs: (r) => [
      uniform(r, [2, 2, 2, 3]),
      uniform(r, [3]),
      uniform(r, [3], 0.5, 1.5),
      uniform(r, [3]),
      uniform(r, [3], 0.5, 1.5),
    ],
    f: (x, mean, variance, offset, scale) => tf.batchNorm(x, mean, variance, offset, scale, 1e-3),
  },
  {
    name: 'FusedBatchNorm, rank-2 input, statistics of the full shape, offset [1, 3]',
    kernels: [tf.FusedBatchNorm],
    inputs: (r) => [
      uniform(r, [2, 3]),
      uniform(r, [2, 3]),
      uniform(r, [2, 3], 0.5, 1.5),
      uniform(r, [1, 3]),
      uniform(r, [2, 3]),
    ],
    f: (x, mean, variance, offset, scale) => tf.batchNorm(x, mean, variance, offset, scale, 0.01),
  },
  {
    // What a batch-norm layer in training does: the statistics are moments of x itself, so the
    // gradient flows through the kernel's mean and variance inputs as well as x.
    name: 'FusedBatchNorm with batch moments of x (training-mode batch norm)',
    kernels: [tf.FusedBatchNorm],
    inputs: (r) => [uniform(r, [4, 3], -2, 2), uniform(r, [3], 0.5, 1.5), uniform(r, [3])],
    f: (x, scale, offset) => {
      const { mean, variance } = tf.moments(x, 0);
      return tf.batchNorm(x, mean, variance, offset, scale, 1e-3);
    },
  },
];

describeFamily('normalization gradients', normalizationGrads, cases);
