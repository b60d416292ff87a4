import { useBackend } from '@strata/backends';
import { createRng, randomNormal, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { huber } from './huber.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

type Case = [string, (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor, () => tf.Tensor];
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
];

/** The loss and its gradient w.r.t. the predictions, as plain arrays. */
function run(loss: Case[1], targets: Case[2]): number[][] {
  return tf.tidy(() => {
    const t = targets();
    const x = tf.mul(randomNormal(createRng(6), [6, 10]), 3);
    const value = loss(t, x);
    const grad = tf.grad((xi: tf.Tensor) => loss(t, xi))(x, tf.onesLike(value));
    return [value, grad].map((v) => Array.from(v.dataSync()));
  });
}

describe('losses agree with cpu on each backend that trains', () => {
  const reference = new Map<string, number[][]>();

  beforeAll(async () => {
    await useBackend('cpu');
    for (const [name, loss, targets] of cases) reference.set(name, run(loss, targets));
  });

  afterAll(async () => {
    await useBackend('cpu');
  });

  describe.each(['wasm'] as const)('%s', (backend) => {
    it.each(cases)('%s', async (name, loss, targets) => {
      await useBackend(backend);
      expect(tf.getBackend()).toBe(backend);
      const got = run(loss, targets);
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
