import * as tf from '@tensorflow/tfjs-core';
import { awayFrom, describeFamily, type GradCase, ints, uniform } from './grad-check.test-util.js';
import { nonDifferentiableGrads } from './non-differentiable-grads.js';

// Each case mixes the piecewise-constant op into a smooth function of the same input, so the finite
// differences check that the op contributes exactly zero while the rest of the tape still flows.
const f32 = (t: tf.Tensor) => tf.cast(t, 'float32');

const cases: GradCase[] = [
  {
    name: 'Floor, Ceil and Round away from integers and half-integers',
    kernels: [tf.Floor, tf.Ceil, tf.Round],
    inputs: (r) => [awayFrom(r, [2, 4], [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2], -2, 2, 0.05)],
    f: (x) => [tf.mul(tf.floor(x), x), tf.add(tf.ceil(x), tf.square(x)), tf.mul(tf.round(x), 3)],
  },
  {
    name: 'Sign and Step away from 0',
    kernels: [tf.Sign, tf.Step],
    inputs: (r) => [awayFrom(r, [2, 4], [0])],
    f: (x) => [tf.mul(tf.sign(x), tf.exp(x)), tf.mul(tf.step(x, 0.3), x)],
  },
  {
    name: 'IsNan, IsInf, IsFinite and LogicalNot in a mask',
    kernels: [tf.IsNan, tf.IsInf, tf.IsFinite, tf.LogicalNot],
    inputs: (r) => [uniform(r, [2, 3])],
    f: (x) => [
      tf.mul(f32(tf.isNaN(x)), x),
      tf.mul(f32(tf.logicalNot(tf.isInf(x))), x),
      tf.mul(f32(tf.isFinite(x)), tf.square(x)),
    ],
  },
  {
    name: 'ZerosLike and OnesLike of x',
    kernels: [tf.ZerosLike, tf.OnesLike],
    inputs: (r) => [uniform(r, [2, 3])],
    f: (x) => tf.add(tf.mul(tf.onesLike(x), x), tf.zerosLike(x)),
  },
  {
    name: 'ArgMax and ArgMin feeding a OneHot mask (a hard max, as accuracy-style code writes it)',
    kernels: [tf.ArgMax, tf.ArgMin, tf.OneHot],
    inputs: (r) => [uniform(r, [3, 4])],
    f: (x) => [tf.mul(tf.oneHot(tf.argMax(x, 1), 4), x), tf.mul(tf.oneHot(tf.argMin(x, 1), 4), tf.exp(x))],
  },
  {
    name: 'FloorDiv, broadcasting, away from the jumps',
    kernels: [tf.FloorDiv],
    inputs: () => [
      tf.tensor2d([
        [2.3, -1.4, 5.2],
        [0.6, 3.7, -2.2],
      ]),
      tf.tensor1d([1, 2, 1.5]),
    ],
    f: (a, b) => tf.add(tf.floorDiv(a, b), tf.mul(a, b)),
  },
  {
    name: 'Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual, LogicalAnd, LogicalOr in where()',
    kernels: [
      tf.Equal,
      tf.NotEqual,
      tf.Greater,
      tf.GreaterEqual,
      tf.Less,
      tf.LessEqual,
      tf.LogicalAnd,
      tf.LogicalOr,
    ],
    inputs: (r) => [awayFrom(r, [2, 4], [-0.5, 0, 0.5], -1, 1, 0.05), uniform(r, [4])],
    f: (x, y) => {
      const inner = tf.logicalAnd(tf.greater(x, -0.5), tf.lessEqual(x, 0.5));
      const outer = tf.logicalOr(tf.less(x, -0.5), tf.greaterEqual(x, 0.5));
      const odd = tf.logicalOr(tf.equal(x, y), tf.notEqual(x, x));
      return [
        tf.where(inner, tf.square(x), tf.mul(x, y)),
        tf.where(outer, tf.exp(x), x),
        tf.where(odd, x, tf.mul(x, 2)),
      ];
    },
  },
  {
    name: 'OneHot of integer labels does not block the logits gradient',
    kernels: [tf.OneHot],
    inputs: (r) => [uniform(r, [3, 4]), ints([1, 0, 3])],
    f: (logits, labels) => tf.sum(tf.mul(tf.oneHot(labels as tf.Tensor1D, 4), tf.logSoftmax(logits)), 1),
    wrt: [0],
  },
];

describeFamily('non-differentiable kernels (zero gradients)', nonDifferentiableGrads, cases);
