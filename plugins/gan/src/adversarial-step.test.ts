import { registerGradients } from '@strata/backends';
import {
  ConfigError,
  createRng,
  flattenTree,
  type Rng,
  randomNormal,
  ShapeError,
  type TensorTree,
  type TrainingStep,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AdversarialOptState, adversarialStep } from './adversarial-step.js';
import { conditionalGan } from './conditional-gan.js';
import { dcgan } from './dcgan.js';

type Out = ReturnType<TrainingStep<AdversarialOptState>['step']>;
/** Runs a step inside tf.tidy, as the training loop does. */
const tidyStep = (f: () => Out): Out => tf.tidy(f as never) as unknown as Out;
const noReduce = { allMean: (t: TensorTree) => t };
const softplus = (v: number) => Math.log1p(Math.exp(v));
/** Binary cross-entropy of a logit against target t, by its definition. */
const bce = (t: number, logit: number) => {
  const p = 1 / (1 + Math.exp(-logit));
  return -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// tfjs-core in plain Node has no gradients registered; fit registers Strata's, and so do these tests.
beforeAll(() => registerGradients());

describe('gan/adversarial', () => {
  it("logs d_loss and g_loss equal to binary cross-entropy computed by hand from the parts' logits (one-sided smoothing 0.1)", () => {
    const model = dcgan({ imageSize: 4, latent: 3, filters: 2, dropout: 0 });
    const step = adversarialStep({ options: { labelSmoothing: 0.1 }, model, inputShape: [null, 4, 4, 1] });
    const before = tf.memory().numTensors;
    const { params, state } = step.init(createRng(0));
    const optState = step.initOptimizer(params);
    const x = tf.tidy(() => tf.reshape(tf.div(tf.range(0, 2 * 16), 32), [2, 4, 4, 1]));
    const ctxRng = createRng(5);
    const out = tidyStep(() =>
      step.step({ params, state, optState }, { x }, { rng: createRng(5), step: 0, ...noReduce }),
    );
    // The same draws: the step splits its rng into (z1, z2, d1, d2, g, noise).
    const [rz1, rz2, , , rg] = ctxRng.split(6) as Rng[];
    const G = params.generator as TensorTree;
    const D = params.discriminator as TensorTree;
    const gState = state.generator as TensorTree;
    const logitsOf = (p: TensorTree, images: tf.Tensor) =>
      Array.from(
        model.discriminator.apply(p, images, { training: true, rng: createRng(0), state: {} }).y.dataSync(),
      );
    const reference = tf.tidy(() => {
      const fake1 = model.generator.apply(G, randomNormal(rz1!, [2, 3]), {
        training: true,
        rng: rg!,
        state: gState,
      }).y;
      const real = logitsOf(D, tf.sub(tf.mul(x, 2), 1));
      const fake = logitsOf(D, fake1);
      const fake2 = model.generator.apply(G, randomNormal(rz2!, [2, 3]), {
        training: true,
        rng: rg!,
        state: gState,
      }).y;
      const g = logitsOf(out.params.discriminator as TensorTree, fake2);
      return {
        d: mean(real.map((l) => bce(0.9, l))) + mean(fake.map((l) => bce(0, l))),
        // The non-saturating loss −log σ(l) = softplus(−l).
        g: mean(g.map((l) => softplus(-l))),
      };
    });
    expect(out.logs.d_loss!.dataSync()[0]).toBeCloseTo(reference.d, 5);
    expect(out.logs.g_loss!.dataSync()[0]).toBeCloseTo(reference.g, 5);
    // Both parts moved (their own Adam each), the generator's batch-norm statistics too.
    const moved = (a: TensorTree, b: TensorTree) => {
      const fa = flattenTree(a);
      const fb = flattenTree(b);
      return Object.keys(fa).some((k) =>
        tf.tidy(() => tf.any(tf.notEqual(fa[k]!, fb[k]!)).dataSync()[0] === 1),
      );
    };
    expect(moved(G, out.params.generator as TensorTree)).toBe(true);
    expect(moved(D, out.params.discriminator as TensorTree)).toBe(true);
    disposeAll({ params, state, optState }, out, x);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('teaches a generator a fixed 4×4 pattern: its samples move from far to near it', () => {
    // A sigmoid generator, real images all one pattern of 0s and 1s; after 200 steps its samples are close.
    const pattern = Array.from({ length: 16 }, (_, i) => ((i >> 2) + i) % 2);
    const model = dcgan({ imageSize: 4, latent: 2, filters: 4, dropout: 0, output: 'sigmoid' });
    const step = adversarialStep({
      options: { generatorLearningRate: 0.01, discriminatorLearningRate: 0.01 },
      model,
      inputShape: [null, 4, 4, 1],
    });
    const start = step.init(createRng(1));
    let train = { ...start, optState: step.initOptimizer(start.params) };
    const distance = () =>
      tf.tidy(() => {
        const z = randomNormal(createRng(9), [64, 2]);
        const y = model.generator.apply(train.params.generator as TensorTree, z, {
          training: false,
          state: train.state.generator as TensorTree,
        }).y;
        return tf.mean(tf.abs(tf.sub(y, tf.tensor(pattern, [1, 4, 4, 1])))).dataSync()[0]!;
      });
    const before = tf.memory().numTensors;
    const initial = distance();
    const x = tf.tensor(Array.from({ length: 16 }, () => pattern).flat(), [16, 4, 4, 1]);
    for (let i = 0; i < 200; i++) {
      const out = tidyStep(() => step.step(train, { x }, { rng: createRng(100 + i), step: i, ...noReduce }));
      const kept = tensorsOf(out);
      for (const t of tensorsOf(train)) if (!kept.has(t)) t.dispose();
      tf.dispose(Object.values(out.logs));
      train = { params: out.params, state: out.state, optState: out.optState };
    }
    x.dispose();
    expect(initial).toBeGreaterThan(0.4);
    expect(distance()).toBeLessThan(0.15);
    // Nothing but the replaced state leaks over 200 steps.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('conditions on labels and refuses wrong options, parts and image shapes', () => {
    const model = conditionalGan({ imageSize: 4, latent: 2, filters: 2, classes: 3 });
    const step = adversarialStep({
      options: { instanceNoise: 0.1, noiseDecaySteps: 10 },
      model,
      inputShape: [null, 4, 4, 1],
    });
    const { params, state } = step.init(createRng(0));
    const train = { params, state, optState: step.initOptimizer(params) };
    const x = tf.zeros([3, 4, 4, 1]);
    const y = tf.tensor1d([0, 2, 1], 'int32');
    const out = tidyStep(() => step.step(train, { x, y }, { rng: createRng(1), step: 0, ...noReduce }));
    expect(Number.isFinite(out.logs.d_loss!.dataSync()[0])).toBe(true);
    expect(() =>
      tidyStep(() => step.step(train, { x }, { rng: createRng(1), step: 0, ...noReduce })),
    ).toThrow(/needs integer labels y/);
    disposeAll(x, y, out, train);
    const input = { model: dcgan({ imageSize: 4, latent: 2 }), inputShape: [null, 4, 4, 1] as const };
    expect(() => adversarialStep({ ...input, options: { learningRate: 1 } })).toThrow(
      /unknown option 'learningRate'/,
    );
    expect(() => adversarialStep({ ...input, options: { labelSmoothing: 1 } })).toThrow(ConfigError);
    expect(() => adversarialStep({ ...input, options: {}, inputShape: [null, 28, 28, 1] })).toThrow(
      ShapeError,
    );
    expect(() =>
      adversarialStep({
        options: {},
        model: { encoder: input.model.generator },
        inputShape: [null, 4, 4, 1],
      }),
    ).toThrow(/'generator' and 'discriminator' parts/);
  });
});

function tensorsOf(value: unknown, into = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) into.add(value);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) tensorsOf(v, into);
  return into;
}
function disposeAll(...values: unknown[]): void {
  for (const t of tensorsOf(values)) if (!t.isDisposed) t.dispose();
}
