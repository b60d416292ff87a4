import { ConfigError, createRng, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { logLoss, logLossOf } from './log-loss.js';

describe('logLoss', () => {
  it("scikit-learn's log_loss example: 0.21616…", () => {
    // −(ln 0.9 + ln 0.9 + ln 0.8 + ln 0.65) / 4.
    const expected = -(Math.log(0.9) * 2 + Math.log(0.8) + Math.log(0.65)) / 4;
    const y = tf.tensor1d([1, 0, 0, 1], 'int32');
    const probs = tf.tensor2d([
      [0.1, 0.9],
      [0.9, 0.1],
      [0.8, 0.2],
      [0.35, 0.65],
    ]);
    const p1 = tf.tensor1d([0.9, 0.1, 0.2, 0.65]);
    expect(logLossOf(y, probs, { task: 'multiclass', numClasses: 2 })).toBeCloseTo(expected, 6);
    expect(logLossOf(y, p1, { task: 'binary' })).toBeCloseTo(expected, 6);
    const oneHot = tf.oneHot(y, 2);
    expect(logLossOf(oneHot, probs, { task: 'multiclass', numClasses: 2 })).toBeCloseTo(expected, 6);
    tf.dispose([y, probs, p1, oneHot]);
  });

  it('matches −mean log p(true) on random 4-class probabilities', () => {
    const rng = createRng(2);
    const raw = randomUniform(rng, [30, 4]);
    const probs = tf.div(raw, tf.sum(raw, -1, true));
    const labels = Array.from({ length: 30 }, () => randomInt(rng, 4));
    const p = probs.arraySync() as number[][];
    const expected = -labels.reduce((s, k, i) => s + Math.log(p[i]![k]!), 0) / 30;
    const y = tf.tensor1d(labels, 'int32');
    expect(logLossOf(y, probs, { task: 'multiclass', numClasses: 4 })).toBeCloseTo(expected, 5);
    tf.dispose([raw, probs, y]);
  });

  it('clips at float32 epsilon: a confident wrong answer costs −ln 2⁻²³', () => {
    const y = tf.tensor1d([1, 0]);
    const p = tf.tensor1d([0, 0]);
    // Sample 1: −ln(ε) = 23 ln 2; sample 2: −ln(1 − 0) → −ln(1 − ε) ≈ 0.
    expect(logLossOf(y, p, { task: 'binary' })).toBeCloseTo((23 * Math.LN2) / 2, 4);
    tf.dispose([y, p]);
  });

  it('is NaN with no samples, and checks its options', () => {
    const e = tf.zeros([0]);
    expect(logLossOf(e, e, { task: 'binary' })).toBeNaN();
    e.dispose();
    expect(() => logLoss({ task: 'multiclass' })).toThrow(ConfigError);
  });
});
