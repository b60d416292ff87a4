import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type AccuracyOptions, accuracy } from './accuracy.js';
import { computeOnce } from './compute-once.test-util.js';

const once = (options: AccuracyOptions, yTrue: tf.Tensor, yPred: tf.Tensor): number =>
  computeOnce(accuracy(options), yTrue, yPred);

describe('accuracy', () => {
  const scores = [
    [0.1, 0.7, 0.2],
    [0.5, 0.3, 0.2],
    [0.2, 0.2, 0.6],
    [0.4, 0.4, 0.2], // tie: argmax picks class 0
  ];
  // argmax per row: 1, 0, 2, 0.

  it('compares the argmax with sparse labels (hand count: 3 of 4)', () => {
    expect(once({}, tf.tensor1d([1, 0, 1, 0], 'int32'), tf.tensor2d(scores))).toBe(3 / 4);
    // float labels and [B, 1] labels work the same.
    expect(once({}, tf.tensor2d([[1], [0], [1], [0]]), tf.tensor2d(scores))).toBe(3 / 4);
  });

  it('takes one-hot labels by their argmax', () => {
    const oneHot = tf.tensor2d([
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(once({}, oneHot, tf.tensor2d(scores))).toBe(3 / 4);
  });

  it('handles extra axes (per-position accuracy, e.g. sequences)', () => {
    // [2, 2, 3] scores; argmax: [[1, 0], [2, 0]]; labels [[1, 1], [2, 0]] → 3 of 4.
    const y = tf.tensor3d([scores.slice(0, 2), scores.slice(2, 4)]);
    expect(
      once(
        {},
        tf.tensor2d(
          [
            [1, 1],
            [2, 0],
          ],
          undefined,
          'int32',
        ),
        y,
      ),
    ).toBe(3 / 4);
  });

  it('thresholds binary predictions, as Keras binary_accuracy (hand count)', () => {
    const p = tf.tensor2d([[0.9], [0.4], [0.6], [0.5]]);
    // > 0.5 → [1, 0, 1, 0] vs labels [1, 1, 1, 0] → 3 of 4.
    expect(once({}, tf.tensor1d([1, 1, 1, 0]), p)).toBe(3 / 4);
    // logits with threshold 0: [0.3 → 1, −2 → 0] vs [0, 0] → 1 of 2.
    expect(once({ threshold: 0 }, tf.tensor1d([0, 0]), tf.tensor1d([0.3, -2]))).toBe(1 / 2);
    // multi-label outputs with mode 'binary': 4 of 6 positions right.
    const labels = tf.tensor2d([
      [1, 0, 1],
      [0, 0, 1],
    ]);
    const probs = tf.tensor2d([
      [0.8, 0.6, 0.7],
      [0.1, 0.2, 0.3],
    ]);
    expect(once({ mode: 'binary' }, labels, probs)).toBe(4 / 6);
  });

  it('is NaN before any sample, and stores int32 counts', () => {
    const m = accuracy();
    const s = m.init();
    expect(m.compute(s)).toBeNaN();
    expect(s.correct.dtype).toBe('int32');
    m.dispose(s);
  });

  it('says which shapes do not fit', () => {
    const m = accuracy();
    const s = m.init();
    const y = tf.tensor1d([1, 2]);
    const p = tf.zeros([3, 4]);
    expect(() => m.update(s, y, p)).toThrow(
      /accuracy\(accuracy\): labels of shape \[2\] do not fit predictions of shape \[3, 4\]/,
    );
    const pb = tf.zeros([3]);
    expect(() => m.update(s, y, pb)).toThrow(
      /binary labels of shape \[2\] do not match predictions of shape \[3\]/,
    );
    tf.dispose([y, p, pb]);
    m.dispose(s);
    expect(() => accuracy({ mode: 'sparse' as never })).toThrow(/accuracy\(\{mode\}\): must be one of/);
  });
});
