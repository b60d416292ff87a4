/*
 * A GAN-shaped training step for the tests of the step contract: two parameter groups (generator and
 * discriminator) with their own Adam, alternating updates in one step, noise drawn from the step's
 * rng. The generator maps 2-d standard normal noise to 1-d samples; the real data are N(3, 0.5²), so
 * a generator that learns moves its output mean from about 0 to about 3. Also the worker module for
 * the same step under `fit({ workers })`.
 */
import {
  createRng,
  defineStep,
  flattenTree,
  randomNormal,
  type TensorTree,
  type TrainingStep,
  unflattenTree,
} from '@strata/core';
import { fromArray } from '@strata/data';
import { dense, sequential } from '@strata/layers';
import { binaryCrossentropy } from '@strata/losses';
import { type AdamState, adam, applyUpdates } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { defineWorkerSetup } from './define-worker-setup.js';

export const REAL_MEAN = 3;
const NOISE = 2;

export const generator = sequential([dense({ units: 8, activation: 'relu' }), dense({ units: 1 })]);
const discriminator = sequential([dense({ units: 8, activation: 'relu' }), dense({ units: 1 })]);
const bce = binaryCrossentropy({ fromLogits: true });

type GanOptState = { generator: AdamState; discriminator: AdamState };

/** Gradients of `f` with respect to the leaves of `params`, as a tree of the same keys, and f's value. */
function gradsOf(
  f: (p: TensorTree) => tf.Scalar,
  params: TensorTree,
): { value: tf.Scalar; grads: TensorTree } {
  const flat = flattenTree(params);
  const keys = Object.keys(flat);
  const { value, grads } = tf.valueAndGrads((...leaves: tf.Tensor[]) =>
    f(unflattenTree(Object.fromEntries(keys.map((k, i) => [k, leaves[i]!])))),
  )(keys.map((k) => flat[k]!));
  return { value, grads: unflattenTree(Object.fromEntries(keys.map((k, i) => [k, grads[i]!]))) };
}

export function ganStep(learningRate = 0.02): TrainingStep<GanOptState> {
  const optimizer = adam({ learningRate, b1: 0.5 });
  return defineStep<GanOptState>({
    name: 'test/gan',
    init(rng) {
      const [g, d] = rng.split(2) as [typeof rng, typeof rng];
      const gen = generator.init(g, [null, NOISE]);
      const disc = discriminator.init(d, [null, 1]);
      return { params: { generator: gen.params, discriminator: disc.params }, state: {} };
    },
    initOptimizer: (params) => ({
      generator: optimizer.init(params.generator as TensorTree),
      discriminator: optimizer.init(params.discriminator as TensorTree),
    }),
    step({ params, state, optState }, batch, ctx) {
      const real = batch.x!;
      const rows = real.shape[0]!;
      const G = params.generator as TensorTree;
      const D = params.discriminator as TensorTree;
      const logits = (p: TensorTree, x: tf.Tensor) =>
        discriminator.apply(p, x, { training: true, state: {} }).y;
      const fake = (z: tf.Tensor) => generator.apply(G, z, { training: true, state: {} }).y;
      // Discriminator: real → 1, fake → 0; the generator's output is a constant here.
      const z1 = randomNormal(ctx.rng, [rows, NOISE]);
      const x1 = fake(z1);
      const d = gradsOf(
        (p) =>
          tf.add(bce(tf.onesLike(real), logits(p, real)), bce(tf.zerosLike(x1), logits(p, x1))) as tf.Scalar,
        D,
      );
      const dStep = optimizer.update(ctx.allMean(d.grads), optState.discriminator, D);
      const D2 = applyUpdates(D, dStep.updates);
      // Generator, against the updated discriminator: the non-saturating loss −log D(G(z)).
      const z2 = randomNormal(ctx.rng, [rows, NOISE]);
      const g = gradsOf((p) => {
        const x2 = generator.apply(p, z2, { training: true, state: {} }).y;
        return bce(tf.onesLike(x2), logits(D2, x2));
      }, G);
      const gStep = optimizer.update(ctx.allMean(g.grads), optState.generator, G);
      return {
        params: { generator: applyUpdates(G, gStep.updates), discriminator: D2 },
        state,
        optState: { generator: gStep.state, discriminator: dStep.state },
        logs: { d_loss: d.value, g_loss: g.value },
      };
    },
  });
}

/** `rows` samples of N(REAL_MEAN, 0.5²) in batches of `batch`, shuffled per epoch with `seed`. */
export function realData(rows: number, batch: number, seed: number) {
  const rng = createRng(1234);
  const records = Array.from({ length: rows }, () => ({
    x: Float32Array.of(
      REAL_MEAN + 0.5 * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()),
    ),
  }));
  return fromArray(records).shuffle('all', { seed }).batch(batch);
}

export const setup = defineWorkerSetup(({ args, seed }) => {
  const { rows, batch } = args as { rows: number; batch: number };
  return { step: ganStep(), data: realData(rows, batch, seed) };
});
