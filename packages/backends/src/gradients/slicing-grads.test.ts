import * as tf from '@tensorflow/tfjs-core';
import { awayFrom, describeFamily, type GradCase, ints, uniform } from './grad-check.test-util.js';
import { slicingGrads } from './slicing-grads.js';

const cases: GradCase[] = [
  {
    name: 'Slice with explicit size, with -1 size and with a number begin',
    kernels: [tf.Slice],
    inputs: (r) => [uniform(r, [3, 4])],
    f: (x) => [tf.slice(x, [1, 1], [2, 2]), tf.slice(x, [0, 2], [-1, -1]), tf.slice(x, 1)],
  },
  {
    name: 'StridedSlice with strides 2 and 3 and an offset begin',
    kernels: [tf.StridedSlice],
    inputs: (r) => [uniform(r, [5, 7])],
    f: (x) => tf.stridedSlice(x, [1, 0], [5, 7], [2, 3]),
  },
  {
    name: 'StridedSlice with negative strides and negative indices',
    kernels: [tf.StridedSlice],
    inputs: (r) => [uniform(r, [5, 6])],
    f: (x) => [tf.stridedSlice(x, [4, -1], [0, 0], [-1, -2]), tf.stridedSlice(x, [-2, 0], [-6, 6], [-2, 1])],
  },
  {
    name: 'StridedSlice with begin/end masks, a shrunk axis and a new axis',
    kernels: [tf.StridedSlice],
    inputs: (r) => [uniform(r, [3, 4, 5])],
    // Not a shrunk axis together with a stride other than 1: tfjs-backend-cpu 4.22 computes that
    // forward slice wrongly (x[:, 1, ::2] reads from row 0), which is no gradient's concern.
    f: (x) => [
      // x[:, 1, 1:4]
      tf.stridedSlice(x, [0, 1, 1], [0, 2, 4], [1, 1, 1], 0b001, 0b001, 0, 0, 0b010),
      // x[::2, :, 1::2]
      tf.stridedSlice(x, [0, 0, 1], [0, 0, 0], [2, 1, 2], 0b011, 0b111),
      // x[1:, tf.newaxis, :3]
      tf.stridedSlice(x, [1, 0, 0], [3, 0, 3], [1, 1, 1], 0, 0, 0, 0b010, 0),
    ],
  },
  {
    name: 'StridedSlice with an ellipsis (x[..., 1:4:2]) and an empty selection',
    kernels: [tf.StridedSlice],
    inputs: (r) => [uniform(r, [2, 3, 5])],
    f: (x) => [tf.stridedSlice(x, [0, 1], [0, 4], [1, 2], 0, 0, 0b01), tf.stridedSlice(x, [1], [1], [1])],
  },
  {
    name: 'Concat of three along axis 1, of two along axis -1 and along 0',
    kernels: [tf.Concat],
    inputs: (r) => [uniform(r, [2, 2]), uniform(r, [2, 3]), uniform(r, [2, 1])],
    f: (a, b, c) => [tf.concat([a, b, c], 1), tf.concat([b, a], -1), tf.concat([a, a], 0)],
  },
  {
    name: 'SplitV into equal parts and by sizes, one part unused',
    kernels: [tf.SplitV],
    inputs: (r) => [uniform(r, [2, 6])],
    f: (x) => {
      const [p, q] = tf.split(x, 3, 1);
      const [s, , t] = tf.split(x, [1, 3, 2], -1);
      return [p as tf.Tensor, q as tf.Tensor, s as tf.Tensor, t as tf.Tensor];
    },
  },
  {
    name: 'Pack along axis 0 and 1 (tf.stack)',
    kernels: [tf.Pack],
    inputs: (r) => [uniform(r, [2, 3]), uniform(r, [2, 3])],
    f: (a, b) => [tf.stack([a, b]), tf.stack([b, a, b], 1)],
  },
  {
    name: 'Unpack along axis 1 (tf.unstack), some parts unused',
    kernels: [tf.Unpack],
    inputs: (r) => [uniform(r, [2, 4, 3])],
    f: (x) => {
      const parts = tf.unstack(x, 1);
      return [parts[0] as tf.Tensor, tf.mul(parts[2] as tf.Tensor, parts[3] as tf.Tensor)];
    },
  },
  {
    name: 'GatherV2 along axis 0 with repeated indices (an embedding lookup, 2-D ids)',
    kernels: [tf.GatherV2],
    inputs: (r) => [uniform(r, [5, 3]), ints([1, 3, 1, 0, 4, 1], [2, 3])],
    f: (table, ids) => tf.gather(table, ids as tf.Tensor2D),
    wrt: [0],
  },
  {
    name: 'GatherV2 along axis 1 of a rank-3 tensor',
    kernels: [tf.GatherV2],
    inputs: (r) => [uniform(r, [2, 4, 3]), ints([3, 0, 3])],
    f: (x, ids) => tf.gather(x, ids as tf.Tensor1D, 1),
    wrt: [0],
  },
  {
    name: 'GatherV2 with batchDims 1 along axis 2',
    kernels: [tf.GatherV2],
    inputs: (r) => [uniform(r, [2, 3, 4]), ints([0, 3, 3, 2, 1, 2], [2, 3])],
    f: (x, ids) => tf.gather(x, ids as tf.Tensor2D, 2, 1),
    wrt: [0],
  },
  {
    name: 'UnsortedSegmentSum with repeated ids and an empty segment',
    kernels: [tf.UnsortedSegmentSum],
    inputs: (r) => [uniform(r, [5, 2]), ints([0, 2, 0, 3, 2])],
    f: (x, ids) => tf.unsortedSegmentSum(x, ids as tf.Tensor1D, 4),
    wrt: [0],
  },
  {
    // The condition depends on x, so Select's condition slot and Less are on the tape too.
    name: 'Select (tf.where) with a condition computed from x, and broadcast branches',
    kernels: [tf.Select],
    inputs: (r) => [awayFrom(r, [2, 3], [0]), uniform(r, [3])],
    f: (x, y) => tf.where(tf.less(x, 0), tf.mul(x, y), tf.square(x)),
  },
];

describeFamily('slicing gradients', slicingGrads, cases);
