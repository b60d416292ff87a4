import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { customOp } from './custom-op.js';
import { checkGradients } from './testing/check-gradients.js';

// f(x, y) = x² · y: df/dx = 2xy, df/dy = x² (a closed form), with an intermediate (x²) made in the
// forward pass that the gradient must not rely on.
const squareTimes = customOp(([x, y], save) => {
  save([x!, y!]);
  const x2 = tf.square(x!);
  return {
    value: tf.mul(x2, y!),
    gradFunc: (dy, [xs, ys]) => [tf.mul(dy, tf.mul(2, tf.mul(xs!, ys!))), tf.mul(dy, tf.square(xs!))],
  };
});

describe('customOp', () => {
  it('computes the value, and one gradient per input from the saved inputs', () => {
    const x = tf.tensor1d([1, -2, 0.5]);
    const y = tf.tensor1d([3, 4, -1]);
    const before = tf.memory().numTensors;
    const value = squareTimes(x, y);
    expect(Array.from(value.dataSync())).toEqual([3, 16, -0.25]);
    // The forward pass's own intermediate (x²) is freed: only the value is new.
    expect(tf.memory().numTensors).toBe(before + 1);
    const dy = tf.tensor1d([1, 0.5, 2]);
    const [dx, dyGrad] = tf.grads((a: tf.Tensor, b: tf.Tensor) => squareTimes(a, b))([x, y], dy);
    expect(Array.from(dx!.dataSync())).toEqual([2 * 1 * 3 * 1, 2 * -2 * 4 * 0.5, 2 * 0.5 * -1 * 2]);
    expect(Array.from(dyGrad!.dataSync())).toEqual([1 * 1, 4 * 0.5, 0.25 * 2]);
    tf.dispose([value, dy, dx!, dyGrad!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('agrees with central finite differences', () => {
    const x = tf.tensor2d([
      [0.5, -1.5],
      [2, 1],
    ]);
    const y = tf.tensor2d([
      [1, 2],
      [-0.5, 3],
    ]);
    expect(checkGradients(squareTimes, [x, y]).failures).toEqual([]);
    tf.dispose([x, y]);
  });
});
