import { ConfigError, createRegistry, type Loss } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { strataPlugin } from './strata-plugin.js';

const registry = createRegistry().use(strataPlugin());
const loss = (id: string, options?: object) => registry.create(id, options) as Loss;

describe('loss entries', () => {
  it('registers every loss under strata/<kebab-name>, computing what the loss computes', () => {
    const t = tf.tensor2d([[1, -1]]);
    const p = tf.tensor2d([[0.3, -2]]);
    // max(1 − 0.3, 0) and max(1 − 2, 0), averaged: a hand value, not the package's output.
    expect(loss('strata/hinge')(t, p).dataSync()[0]).toBeCloseTo(0.35, 6);
    // cos 45°, negated.
    const cos = loss('strata/cosine-similarity')(tf.tensor2d([[1, 0]]), tf.tensor2d([[3, 3]]));
    expect(cos.dataSync()[0]).toBeCloseTo(-Math.SQRT1_2, 6);
    // Class weights reach the loss: a class-1 sample weighted 4 counts 4 times.
    const one = tf.tensor2d([[0, 1]]);
    const x = tf.tensor2d([[0.2, 0.5]]);
    const plain = loss('strata/categorical-crossentropy')(one, x).dataSync()[0]!;
    const heavy = loss('strata/categorical-crossentropy', { classWeights: [1, 4] })(one, x).dataSync()[0]!;
    expect(heavy).toBeCloseTo(4 * plain, 5);
    for (const id of [
      'binary-crossentropy',
      'binary-focal-crossentropy',
      'categorical-focal-crossentropy',
      'categorical-hinge',
      'huber',
      'kl-divergence',
      'log-cosh',
      'mean-absolute-error',
      'mean-squared-error',
      'poisson',
      'squared-hinge',
    ]) {
      expect(registry.has(`strata/${id}`), id).toBe(true);
    }
    tf.dispose([t, p, cos, one, x]);
  });

  it('the sparse cross-entropy entry takes label smoothing and class weights', () => {
    const labels = tf.tensor1d([1], 'int32');
    const x = tf.tensor2d([[0.2, 0.5]]);
    const plain = loss('strata/sparse-categorical-crossentropy')(labels, x).dataSync()[0]!;
    const heavy = loss('strata/sparse-categorical-crossentropy', { classWeights: [1, 3] })(
      labels,
      x,
    ).dataSync()[0]!;
    expect(heavy).toBeCloseTo(3 * plain, 5);
    // Smoothing 1 makes the targets uniform: the loss is -½(log p₀ + log p₁) for p = softmax(x).
    const smooth = loss('strata/sparse-categorical-crossentropy', { labelSmoothing: 1 })(
      labels,
      x,
    ).dataSync()[0]!;
    const lse = Math.log(Math.exp(0.2) + Math.exp(0.5));
    expect(smooth).toBeCloseTo(-0.5 * (0.2 - lse + (0.5 - lse)), 5);
    tf.dispose([labels, x]);
  });

  it('refuses unknown options and bad class weights, naming the id', () => {
    expect(() => loss('strata/log-cosh', { delta: 1 })).toThrow(ConfigError);
    expect(() => loss('strata/log-cosh', { delta: 1 })).toThrow(/strata\/log-cosh.*delta/);
    expect(() => loss('strata/poisson', { classWeights: [1, -2] })).toThrow(
      /strata\/poisson: classWeights\[1\]/,
    );
    expect(() => loss('strata/binary-focal-crossentropy', { gamma: -1 })).toThrow(/gamma/);
  });
});
