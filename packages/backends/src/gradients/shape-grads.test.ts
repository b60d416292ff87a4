import * as tf from '@tensorflow/tfjs-core';
import { describeFamily, distinct, type GradCase, uniform } from './grad-check.test-util.js';
import { shapeGrads } from './shape-grads.js';

const cases: GradCase[] = [
  {
    name: 'Reshape and Squeeze (a Reshape kernel)',
    kernels: [tf.Reshape],
    inputs: (r) => [uniform(r, [2, 1, 3])],
    f: (x) => [tf.reshape(x, [3, 2]), tf.squeeze(x)],
  },
  {
    name: 'ExpandDims at 0 and -1',
    kernels: [tf.ExpandDims],
    inputs: (r) => [uniform(r, [2, 3])],
    f: (x) => [tf.expandDims(x, 0), tf.expandDims(x, -1)],
  },
  {
    name: 'Transpose with a permutation that is not its own inverse',
    kernels: [tf.Transpose],
    inputs: (r) => [uniform(r, [2, 3, 4])],
    f: (x) => tf.transpose(x, [1, 2, 0]),
  },
  {
    name: 'Tile [2,3] by [2,1] and [1,3] by [3,2]',
    kernels: [tf.Tile],
    inputs: (r) => [uniform(r, [2, 3]), uniform(r, [1, 3])],
    f: (a, b) => [tf.tile(a, [2, 1]), tf.tile(b, [3, 2])],
  },
  {
    name: 'Tile via broadcastTo [3] -> [2,3]',
    kernels: [tf.Tile],
    inputs: (r) => [uniform(r, [3])],
    f: (x) => tf.broadcastTo(x, [2, 3]),
  },
  {
    name: 'PadV2 with zeros and a constant',
    kernels: [tf.PadV2],
    inputs: (r) => [uniform(r, [2, 3])],
    f: (x) => [
      tf.pad(x, [
        [1, 0],
        [2, 1],
      ]),
      tf.pad(
        x,
        [
          [0, 2],
          [1, 1],
        ],
        3,
      ),
    ],
  },
  {
    name: 'MirrorPad reflect and symmetric, both sides, rank 2',
    kernels: [tf.MirrorPad],
    inputs: (r) => [uniform(r, [3, 4])],
    f: (x) => [
      tf.mirrorPad(
        x,
        [
          [2, 1],
          [1, 3],
        ],
        'reflect',
      ),
      tf.mirrorPad(
        x,
        [
          [1, 3],
          [0, 2],
        ],
        'symmetric',
      ),
    ],
  },
  {
    name: 'Reverse along one and two axes',
    kernels: [tf.Reverse],
    inputs: (r) => [uniform(r, [2, 3, 2])],
    f: (x) => [tf.reverse(x, 1), tf.reverse(x, [0, -1])],
  },
  {
    name: 'SpaceToBatchND and BatchToSpaceND (max pooling with dilation 2)',
    kernels: [tf.SpaceToBatchND, tf.BatchToSpaceND],
    inputs: (r) => [distinct(r, [1, 6, 6, 2], 0.02)],
    f: (x) => tf.pool(x as tf.Tensor4D, [2, 2], 'max', 'same', 2),
  },
  {
    name: 'SpaceToBatchND with padding, BatchToSpaceND with crops',
    kernels: [tf.SpaceToBatchND, tf.BatchToSpaceND],
    inputs: (r) => [uniform(r, [1, 3, 3, 1]), uniform(r, [4, 2, 2, 1])],
    f: (a, b) => [
      tf.spaceToBatchND(
        a,
        [2, 2],
        [
          [1, 0],
          [0, 1],
        ],
      ),
      tf.batchToSpaceND(
        b,
        [2, 2],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ],
  },
];

describeFamily('shape gradients', shapeGrads, cases);
