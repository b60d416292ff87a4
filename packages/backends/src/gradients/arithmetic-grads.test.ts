import * as tf from '@tensorflow/tfjs-core';
import { arithmeticGrads } from './arithmetic-grads.js';
import { awayFrom, describeFamily, type GradCase, uniform } from './grad-check.test-util.js';

const cases: GradCase[] = [
  {
    name: 'Add, same shapes',
    kernels: [tf.Add],
    inputs: (r) => [uniform(r, [2, 3]), uniform(r, [2, 3])],
    f: tf.add,
  },
  {
    name: 'Add, broadcasting [2,3] + [3] and [2,1] + [1,3]',
    kernels: [tf.Add],
    inputs: (r) => [uniform(r, [2, 3]), uniform(r, [3]), uniform(r, [2, 1]), uniform(r, [1, 3])],
    f: (a, b, c, d) => [tf.add(a, b), tf.add(c, d)],
  },
  {
    name: 'Sub, broadcasting [3] - [2,3] and a scalar',
    kernels: [tf.Sub],
    inputs: (r) => [uniform(r, [3]), uniform(r, [2, 3]), uniform(r, [])],
    f: (a, b, s) => [tf.sub(a, b), tf.sub(b, s)],
  },
  {
    name: 'Multiply, broadcasting [2,1,3] * [4,1]',
    kernels: [tf.Multiply],
    inputs: (r) => [uniform(r, [2, 1, 3]), uniform(r, [4, 1])],
    f: tf.mul,
  },
  {
    name: 'RealDiv, broadcasting [2,3] / [3] (denominators away from 0)',
    kernels: [tf.RealDiv],
    inputs: (r) => [uniform(r, [2, 3]), awayFrom(r, [3], [0], -2, 2, 0.5)],
    f: tf.div,
  },
  {
    name: 'SquaredDifference, broadcasting [2,3] vs [2,1]',
    kernels: [tf.SquaredDifference],
    inputs: (r) => [uniform(r, [2, 3]), uniform(r, [2, 1])],
    f: tf.squaredDifference,
  },
  {
    name: 'Maximum and Minimum, broadcasting [2,3] vs [3] (no ties)',
    kernels: [tf.Maximum, tf.Minimum],
    // a in [-1, 1]; b shifted so that |a - b| > h almost surely is not enough: use disjoint grids.
    inputs: (r) => [awayFrom(r, [2, 3], [-0.5, 0, 0.5], -1, 1, 0.1), tf.tensor1d([-0.5, 0, 0.5])],
    f: (a, b) => [tf.maximum(a, b), tf.minimum(a, b)],
  },
  {
    name: 'Pow, positive base, broadcasting [2,3] ^ [3]',
    kernels: [tf.Pow],
    inputs: (r) => [uniform(r, [2, 3], 0.5, 2), uniform(r, [3], -2, 2)],
    f: tf.pow,
  },
  {
    name: 'Pow, negative base with integer exponent (exponent not differentiated)',
    kernels: [tf.Pow],
    inputs: (r) => [uniform(r, [4], -2, -0.5), tf.tensor1d([2, 3, 1, 4])],
    f: tf.pow,
    wrt: [0],
  },
  {
    name: 'Atan2, broadcasting [2,3] vs [3]',
    kernels: [tf.Atan2],
    inputs: (r) => [uniform(r, [2, 3]), awayFrom(r, [3], [0], -2, 2, 0.5)],
    f: tf.atan2,
  },
  {
    name: 'Mod, away from the jumps',
    kernels: [tf.Mod],
    // a / b stays between integers (2.2 .. 2.8 and -1.8 .. -1.2) so floor(a / b) is constant nearby.
    inputs: () => [tf.tensor1d([2.2, 2.5, -1.8, -1.2]), tf.tensor1d([1, 1, 1, 1])],
    f: (a, b) =>
      tf.mod(tf.mul(a, tf.tensor1d([1.3, 0.7, 1.1, 0.9])), tf.mul(b, tf.tensor1d([1.3, 0.7, 1.1, 0.9]))),
  },
  { name: 'Neg', kernels: [tf.Neg], inputs: (r) => [uniform(r, [2, 3])], f: tf.neg },
  {
    name: 'AddN of three, one input used twice',
    kernels: [tf.AddN],
    inputs: (r) => [uniform(r, [2, 2]), uniform(r, [2, 2])],
    f: (a, b) => tf.addN([a, b, a]),
  },
];

describeFamily('arithmetic gradients', arithmeticGrads, cases);
