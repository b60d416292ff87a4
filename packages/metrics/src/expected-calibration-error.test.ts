import { ConfigError, createRng, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, expectedCalibrationErrorOf } from './expected-calibration-error.js';

// Guo et al. 2017, eq. 3: ECE = Σ_b (|B_b| / n)·|acc(B_b) − conf(B_b)|, bins ((b−1)/M, b/M].
function reference(conf: number[], right: number[], bins: number): number {
  let ece = 0;
  for (let b = 1; b <= bins; b++) {
    const inBin = conf
      .map((_, i) => i)
      .filter((i) => (b === 1 ? conf[i]! <= 1 / bins : conf[i]! > (b - 1) / bins && conf[i]! <= b / bins));
    if (inBin.length === 0) continue;
    const acc = inBin.reduce((s, i) => s + right[i]!, 0) / inBin.length;
    const c = inBin.reduce((s, i) => s + conf[i]!, 0) / inBin.length;
    ece += (inBin.length / conf.length) * Math.abs(acc - c);
  }
  return ece;
}

describe('expectedCalibrationError', () => {
  it('multiclass by hand: four bins of one, then one bin of four', () => {
    const probs = tf.tensor2d([
      [0.9, 0.1],
      [0.65, 0.35],
      [0.15, 0.85],
      [0.3, 0.7],
    ]);
    const y = tf.tensor1d([0, 1, 1, 0], 'int32');
    expect(expectedCalibrationErrorOf(y, probs, { task: 'multiclass' })).toBeCloseTo(0.4, 6);
    expect(expectedCalibrationErrorOf(y, probs, { task: 'multiclass', numBins: 2 })).toBeCloseTo(0.275, 6);
    tf.dispose([probs, y]);
  });

  it('binary by hand: (0, 0.5] holds 0.2 and 0.4, (0.5, 1] holds 0.9 and 0.7', () => {
    const p = tf.tensor1d([0.9, 0.2, 0.7, 0.4]);
    const y = tf.tensor1d([1, 0, 0, 1]);
    // (|1 − 0.6| + |1 − 1.6|) / 4.
    expect(expectedCalibrationErrorOf(y, p, { task: 'binary', numBins: 2 })).toBeCloseTo(0.25, 6);
    tf.dispose([p, y]);
  });

  it('matches the bin-by-bin reference on random 5-class probabilities (15 bins)', () => {
    const rng = createRng(9);
    const raw = randomUniform(rng, [200, 5]);
    const probs = tf.div(tf.square(raw), tf.sum(tf.square(raw), -1, true));
    const labels = Array.from({ length: 200 }, () => randomInt(rng, 5));
    const p = probs.arraySync() as number[][];
    const conf = p.map((row) => Math.max(...row));
    const right = p.map((row, i) => (row.indexOf(Math.max(...row)) === labels[i] ? 1 : 0));
    const y = tf.tensor1d(labels, 'int32');
    expect(expectedCalibrationErrorOf(y, probs, { task: 'multiclass' })).toBeCloseTo(
      reference(conf, right, 15),
      5,
    );
    tf.dispose([raw, probs, y]);
  });

  it('is NaN with no samples; numBins must be a positive integer', () => {
    const e = tf.zeros([0]);
    expect(expectedCalibrationErrorOf(e, e, { task: 'binary' })).toBeNaN();
    e.dispose();
    expect(() => expectedCalibrationError({ task: 'binary', numBins: 0 })).toThrow(ConfigError);
  });
});
