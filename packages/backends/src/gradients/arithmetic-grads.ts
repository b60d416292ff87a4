/**
 * Gradients of element-wise binary arithmetic (with broadcasting) and of `AddN`/`Neg`.
 * Each input's gradient is summed back to that input's shape (`sumToShape`), the adjoint of broadcasting.
 */
import * as tf from '@tensorflow/tfjs-core';
import { saved, single, sumToShape } from './util.js';

/** One input's pointwise gradient, given both inputs, the upstream gradient and (if saved) the output. */
type Partial = (a: tf.Tensor, b: tf.Tensor, dy: tf.Tensor, y: tf.Tensor) => tf.Tensor;

/** A gradient config for a broadcasting binary kernel with inputs `a`, `b`. */
export function binaryGrad(kernelName: string, da: Partial, db: Partial, saveOutput = false): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    ...(saveOutput ? { outputsToSave: [true] } : {}),
    gradFunc: (dy, list) => {
      const a = saved(list, 0);
      const b = saved(list, 1);
      // Without a saved output `y` is never read; `dy` stands in to keep the signature total.
      const g = single(dy);
      const y = saveOutput ? saved(list, 2) : g;
      return {
        a: () => sumToShape(da(a, b, g, y), a.shape),
        b: () => sumToShape(db(a, b, g, y), b.shape),
      };
    },
  };
}

const mask = (t: tf.Tensor): tf.Tensor => tf.cast(t, 'float32');

export const arithmeticGrads: tf.GradConfig[] = [
  binaryGrad(
    tf.Add,
    (_a, _b, dy) => dy,
    (_a, _b, dy) => dy,
  ),
  binaryGrad(
    tf.Sub,
    (_a, _b, dy) => dy,
    (_a, _b, dy) => tf.neg(dy),
  ),
  binaryGrad(
    tf.Multiply,
    (_a, b, dy) => tf.mul(dy, b),
    (a, _b, dy) => tf.mul(dy, a),
  ),
  binaryGrad(
    tf.RealDiv,
    (_a, b, dy) => tf.div(dy, b),
    (a, b, dy) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b))),
  ),
  binaryGrad(
    tf.SquaredDifference,
    (a, b, dy) => tf.mul(dy, tf.mul(2, tf.sub(a, b))),
    (a, b, dy) => tf.mul(dy, tf.mul(2, tf.sub(b, a))),
  ),
  // Ties send the gradient to `a` only, as TensorFlow does, so the total stays `dy`.
  binaryGrad(
    tf.Maximum,
    (a, b, dy) => tf.mul(dy, mask(tf.greaterEqual(a, b))),
    (a, b, dy) => tf.mul(dy, mask(tf.less(a, b))),
  ),
  binaryGrad(
    tf.Minimum,
    (a, b, dy) => tf.mul(dy, mask(tf.lessEqual(a, b))),
    (a, b, dy) => tf.mul(dy, mask(tf.greater(a, b))),
  ),
  // d(a^b)/da = b a^(b-1); d(a^b)/db = a^b ln a, defined for a > 0 only (TensorFlow returns 0 elsewhere).
  binaryGrad(
    tf.Pow,
    (a, b, dy) => tf.mul(dy, tf.mul(b, tf.pow(a, tf.sub(b, 1)))),
    (a, _b, dy, y) => {
      const positive = tf.greater(a, 0);
      const logA = tf.where(positive, tf.log(tf.where(positive, a, tf.onesLike(a))), tf.zerosLike(a));
      return tf.mul(dy, tf.mul(y, logA));
    },
    true,
  ),
  // atan2(a, b) is the angle of the point (b, a): d/da = b / r², d/db = -a / r².
  binaryGrad(
    tf.Atan2,
    (a, b, dy) => tf.div(tf.mul(dy, b), tf.add(tf.square(a), tf.square(b))),
    (a, b, dy) => tf.div(tf.mul(dy, tf.neg(a)), tf.add(tf.square(a), tf.square(b))),
  ),
  // a mod b = a - floor(a / b) b (floored modulo, as tfjs computes it); floor is locally constant.
  binaryGrad(
    tf.Mod,
    (_a, _b, dy) => dy,
    (a, b, dy) => tf.mul(dy, tf.neg(tf.floor(tf.div(a, b)))),
  ),
  {
    kernelName: tf.Neg,
    gradFunc: (dy) => ({ x: () => tf.neg(single(dy)) }),
  },
  {
    kernelName: tf.AddN,
    // The number of inputs is only known from the saved list.
    saveAllInputs: true,
    gradFunc: (dy, list) => {
      const g = single(dy);
      return Object.fromEntries(list.map((_, i) => [String(i), () => tf.clone(g)]));
    },
  },
];
