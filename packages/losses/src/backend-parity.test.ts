import { useBackend } from '@strata/backends';
import { createRng, randomNormal, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { poisson } from './poisson.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';

type Case = [
  string,
  (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
  () => tf.Tensor,
  // Maps the raw predictions where a loss needs positive rates or probabilities.
  ((x: tf.Tensor) => tf.Tensor)?,
];
const positive = (x: tf.Tensor) => tf.add(tf.abs(x), 0.1);
const labels = () => tf.tensor1d([0, 3, 1, 4, 2, 9], 'int32');
const soft = () => randomUniform(createRng(5), [6, 10]);
const cases: Case[] = [
  ['sparse CE logits', sparseCategoricalCrossentropy({ fromLogits: true }), labels],
  [
    'sparse CE bad label',
    sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'none' }),
    () => tf.tensor1d([0, 3, 1, 4, 2, 10], 'int32'),
  ],
  ['categorical CE logits', categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }), soft],
  ['binary CE logits', binaryCrossentropy({ fromLogits: true, reduction: 'sum' }), soft],
  ['MSE', meanSquaredError({ reduction: 'none' }), soft],
  ['MAE', meanAbsoluteError(), soft],
  ['Huber', huber({ delta: 0.5 }), soft],
  ['KL divergence', klDivergence({ reduction: 'none' }), soft, (x) => tf.softmax(x)],
  ['log-cosh', logCosh(), soft],
  ['hinge', hinge({ classWeights: [0.5, 2] }), () => tf.round(soft())],
  ['squared hinge', squaredHinge({ reduction: 'sum' }), () => tf.sub(tf.mul(tf.round(soft()), 2), 1)],
  ['categorical hinge', categoricalHinge(), () => tf.cast(tf.oneHot(labels(), 10), 'float32')],
  ['cosine similarity', cosineSimilarity({ reduction: 'none' }), soft],
  ['Poisson', poisson(), soft, positive],
  ['binary focal logits', binaryFocalCrossentropy({ fromLogits: true, applyClassBalancing: true }), soft],
  ['categorical focal logits', categoricalFocalCrossentropy({ fromLogits: true, gamma: 1.5 }), soft],
  [
    'sparse CE smoothed, class-weighted',
    sparseCategoricalCrossentropy({
      fromLogits: true,
      labelSmoothing: 0.1,
      classWeights: [1, 2, 3, 1, 2, 3, 1, 2, 3, 1],
    }),
    labels,
  ],
  [
    'categorical CE probabilities',
    categoricalCrossentropy({ classWeights: [1, 2, 3, 1, 2, 3, 1, 2, 3, 1] }),
    soft,
    positive,
  ],
];

/** The loss and its gradient w.r.t. the predictions, as plain arrays. */
function run(loss: Case[1], targets: Case[2], map: Case[3]): number[][] {
  return tf.tidy(() => {
    const t = targets();
    const raw = tf.mul(randomNormal(createRng(6), [6, 10]), 3);
    const x = map ? map(raw) : raw;
    const value = loss(t, x);
    const grad = tf.grad((xi: tf.Tensor) => loss(t, xi))(x, tf.onesLike(value));
    return [value, grad].map((v) => Array.from(v.dataSync()));
  });
}

describe('losses agree with cpu on each backend that trains', () => {
  const reference = new Map<string, number[][]>();

  beforeAll(async () => {
    await useBackend('cpu');
    for (const [name, loss, targets, map] of cases) reference.set(name, run(loss, targets, map));
  });

  afterAll(async () => {
    await useBackend('cpu');
  });

  describe.each(['wasm'] as const)('%s', (backend) => {
    it.each(cases)('%s', async (name, loss, targets, map) => {
      await useBackend(backend);
      expect(tf.getBackend()).toBe(backend);
      const got = run(loss, targets, map);
      const want = reference.get(name)!;
      got.forEach((values, i) => {
        values.forEach((v, j) => {
          const w = want[i]![j]!;
          if (Number.isNaN(w)) expect(v).toBeNaN();
          else expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(w)));
        });
      });
    });
  });
});
