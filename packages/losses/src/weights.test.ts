import { ConfigError, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { binaryFocalCrossentropy } from './binary-focal-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { categoricalFocalCrossentropy } from './categorical-focal-crossentropy.js';
import { categoricalHinge } from './categorical-hinge.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { klDivergence } from './kl-divergence.js';
import { logCosh } from './log-cosh.js';
import { distributions, expectClose, expectNoLeak, normal, values } from './loss-checks.test-util.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { poisson } from './poisson.js';
import type { Reduction } from './reduction.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';

type AnyLoss = (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor) => tf.Tensor;
type Make = (o: { reduction: Reduction; classWeights?: number[] }) => AnyLoss;

// Four samples of three outputs each; targets per kind of loss.
const oneHot = () =>
  tf.tensor2d([
    [0, 1, 0],
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
  ]);
const bits = () =>
  tf.tensor2d([
    [1, 0, 1],
    [0, 0, 1],
    [1, 1, 0],
    [0, 1, 0],
  ]);
const signs = () => tf.sub(tf.mul(bits(), 2), 1);
const logits = () => normal(7, [4, 3], 2);
const probs = () => distributions(7, [4, 3]);
const rates = () => tf.add(tf.abs(normal(7, [4, 3])), 0.5);
const labels = () => tf.tensor1d([1, 0, 2, 1], 'int32');

/** Every loss of the package, with targets and predictions it accepts. */
const LOSSES: [string, Make, () => tf.Tensor, () => tf.Tensor][] = [
  ['binaryCrossentropy', (o) => binaryCrossentropy({ ...o, fromLogits: true }), bits, logits],
  ['binaryFocalCrossentropy', (o) => binaryFocalCrossentropy({ ...o, fromLogits: true }), bits, logits],
  ['categoricalCrossentropy', (o) => categoricalCrossentropy({ ...o, fromLogits: true }), oneHot, logits],
  ['categoricalFocalCrossentropy', (o) => categoricalFocalCrossentropy(o), oneHot, probs],
  ['categoricalHinge', (o) => categoricalHinge(o), oneHot, logits],
  ['cosineSimilarity', (o) => cosineSimilarity(o), oneHot, logits],
  ['hinge', (o) => hinge(o), signs, logits],
  ['huber', (o) => huber(o), bits, logits],
  ['klDivergence', (o) => klDivergence(o), oneHot, probs],
  ['logCosh', (o) => logCosh(o), bits, logits],
  ['meanAbsoluteError', (o) => meanAbsoluteError(o), bits, logits],
  ['meanSquaredError', (o) => meanSquaredError(o), bits, logits],
  ['poisson', (o) => poisson(o), bits, rates],
  [
    'sparseCategoricalCrossentropy',
    (o) => sparseCategoricalCrossentropy({ ...o, fromLogits: true }),
    labels,
    logits,
  ],
  ['squaredHinge', (o) => squaredHinge(o), signs, logits],
];

const w = [0.5, 2, 0, 1.5];

describe.each(LOSSES)('%s', (_, make, targets, predictions) => {
  it('sampleWeight scales each sample; mean divides by the number of samples', () => {
    const t = targets();
    const p = predictions();
    const each = values(make({ reduction: 'none' }), t, p);
    const weighted = each.map((v, i) => v * w[i]!);
    const sw = tf.tensor1d(w);
    expectClose(values(make({ reduction: 'none' }), t, p, sw), weighted);
    expectClose(values(make({ reduction: 'sum' }), t, p, sw), [weighted.reduce((a, b) => a + b)]);
    expectClose(values(make({ reduction: 'mean' }), t, p, sw), [weighted.reduce((a, b) => a + b) / 4]);
    // [n, 1] and a scalar are accepted too.
    expectClose(values(make({ reduction: 'none' }), t, p, tf.tensor2d(w, [4, 1])), weighted);
    expectClose(
      values(make({ reduction: 'none' }), t, p, tf.scalar(3)),
      each.map((v) => 3 * v),
    );
    tf.dispose([t, p, sw]);
  });

  it('the weighted gradient w.r.t. the predictions matches central differences, and nothing leaks', () => {
    const t = targets();
    const p = predictions();
    const sw = tf.tensor1d(w);
    for (const reduction of ['mean', 'none'] as const) {
      const loss = make({ reduction, classWeights: [1, 3, 0.5] });
      const r = checkGradients((y) => loss(t, y!, sw), [p], {
        // Log-probabilities curve sharply near small p; logits tolerate a step that beats rounding.
        step: predictions === probs ? 1e-3 : 1e-2,
        rtol: 3e-3,
        atol: 3e-4,
      });
      expect(r.failures).toEqual([]);
    }
    expectNoLeak(make({ reduction: 'mean', classWeights: [1, 3, 0.5] }), t, p, sw);
    tf.dispose([t, p, sw]);
  });

  it('refuses a sampleWeight of the wrong shape, naming both shapes', () => {
    const t = targets();
    const p = predictions();
    expect(() => make({ reduction: 'mean' })(t, p, tf.ones([3]))).toThrow(ShapeError);
    expect(() => make({ reduction: 'mean' })(t, p, tf.ones([3]))).toThrow(/\[3\].*\[4\]/);
    tf.dispose([t, p]);
  });

  it('refuses negative or empty class weights', () => {
    expect(() => make({ reduction: 'mean', classWeights: [1, -1] })).toThrow(ConfigError);
    expect(() => make({ reduction: 'mean', classWeights: [] })).toThrow(/classWeights/);
  });
});

describe('classWeights read the class of each target', () => {
  const cw = [0.5, 2, 3];

  it('categorical losses weigh a sample by its one-hot class', () => {
    const t = oneHot();
    const p = logits();
    const classes = [1, 0, 2, 1];
    for (const make of [
      (o: object) => categoricalCrossentropy({ ...o, fromLogits: true, reduction: 'none' }),
      (o: object) => categoricalHinge({ ...o, reduction: 'none' }),
      (o: object) => cosineSimilarity({ ...o, reduction: 'none' }),
    ]) {
      const plain = values(make({}), t, p);
      expectClose(
        values(make({ classWeights: cw }), t, p),
        plain.map((v, i) => v * cw[classes[i]!]!),
      );
    }
    // Soft targets weigh Σ_c t_c·w_c.
    const soft = tf.tensor2d([[0.2, 0.3, 0.5]]);
    const x = tf.tensor2d([[1, 2, 0]]);
    const plain = values(categoricalCrossentropy({ fromLogits: true }), soft, x)[0]!;
    expectClose(values(categoricalCrossentropy({ fromLogits: true, classWeights: cw }), soft, x), [
      plain * (0.2 * 0.5 + 0.3 * 2 + 0.5 * 3),
    ]);
    tf.dispose([t, p, soft, x]);
  });

  it('sparse cross-entropy weighs a sample by its label, and checks the class count', () => {
    const l = labels();
    const p = logits();
    const loss = (o: object) => sparseCategoricalCrossentropy({ ...o, fromLogits: true, reduction: 'none' });
    const plain = values(loss({}), l, p);
    expectClose(
      values(loss({ classWeights: cw }), l, p),
      plain.map((v, i) => v * cw[[1, 0, 2, 1][i]!]!),
    );
    expect(() => loss({ classWeights: [1, 2] })(l, p)).toThrow(/2 weights.*3 classes/);
    tf.dispose([l, p]);
  });

  it('element-wise losses weigh each element by its target (0/1, ±1 for hinge, integers for regression)', () => {
    const t = bits();
    const p = logits();
    const tv = Array.from(t.dataSync());
    const bw = [0.25, 4];
    const perElement = (loss: AnyLoss, targets: tf.Tensor) =>
      values(loss, tf.reshape(targets, [12]), tf.reshape(p, [12]));
    const rowsOf = (e: number[], weightOf: (k: number) => number) =>
      [0, 1, 2, 3].map((i) => [0, 1, 2].reduce((s, j) => s + e[3 * i + j]! * weightOf(3 * i + j), 0) / 3);
    const bce = (o: object) => binaryCrossentropy({ ...o, fromLogits: true, reduction: 'none' });
    expectClose(
      values(bce({ classWeights: bw }), t, p),
      rowsOf(perElement(bce({}), t), (k) => bw[tv[k]!]!),
    );
    const s = signs();
    const hl = (o: object) => hinge({ ...o, reduction: 'none' });
    expectClose(
      values(hl({ classWeights: bw }), s, p),
      rowsOf(perElement(hl({}), s), (k) => bw[tv[k]!]!),
    );
    // Regression targets 0, 1, 2 pick weights 0, 1, 2 (as Keras's class_weight reads targets).
    const ints = tf.tensor2d([0, 1, 2, 2, 1, 0, 0, 0, 1, 2, 2, 2], [4, 3]);
    const iv = Array.from(ints.dataSync());
    const mse = (o: object) => meanSquaredError({ ...o, reduction: 'none' });
    expectClose(
      values(mse({ classWeights: cw }), ints, p),
      rowsOf(perElement(mse({}), ints), (k) => cw[iv[k]!]!),
    );
    // A smoothed binary target t weighs (1 - t)·w₀ + t·w₁.
    const smooth = tf.tensor1d([0.1]);
    const x = tf.tensor1d([0.7]);
    expectClose(values(bce({ classWeights: bw }), smooth, x), [
      values(bce({}), smooth, x)[0]! * (0.9 * 0.25 + 0.1 * 4),
    ]);
    tf.dispose([t, p, s, ints, smooth, x]);
  });

  it('a categorical loss refuses class weights whose count is not the number of classes', () => {
    const t = oneHot();
    const p = logits();
    expect(() => categoricalCrossentropy({ classWeights: [1, 2] })(t, p)).toThrow(ShapeError);
    tf.dispose([t, p]);
  });
});
