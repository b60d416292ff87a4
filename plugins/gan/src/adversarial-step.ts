import { registerGradients } from '@strata/backends';
import {
  assertKnownKeys,
  assertNumber,
  ConfigError,
  defineStep,
  flattenTree,
  type Layer,
  type Rng,
  randomNormal,
  ShapeError,
  type StepEntryInput,
  type TensorTree,
  type TrainingStep,
  unflattenTree,
} from '@strata/core';
import { binaryCrossentropy } from '@strata/losses';
import { type AdamState, adam, applyUpdates } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { type GanSpec, specOf } from './internal/gan-spec.js';

/** Options of the `gan/adversarial` step (the `step` entry of a `strata train` config). */
export interface AdversarialStepOptions {
  /** Adam's rate for the generator. Default 2e-4 (Radford et al. 2016). */
  readonly generatorLearningRate?: number;
  /** Adam's rate for the discriminator. Default 2e-4. */
  readonly discriminatorLearningRate?: number;
  /** Adam's β1 for both. Default 0.5 (Radford et al. 2016). */
  readonly beta1?: number;
  /** Adam's β2 for both. Default 0.999. */
  readonly beta2?: number;
  /** One-sided label smoothing (Salimans et al. 2016): real images' target is 1 − this. Default 0. */
  readonly labelSmoothing?: number;
  /**
   * Instance noise (Sønderby et al. 2017): Gaussian noise of this standard deviation added to every
   * image the discriminator sees, real and generated, decayed linearly to 0 over `noiseDecaySteps`.
   * Default 0 (off).
   */
  readonly instanceNoise?: number;
  /** Steps over which the instance noise decays to 0; 0 keeps it constant. Default 0. */
  readonly noiseDecaySteps?: number;
}

/** The optimizer state: one Adam per part. */
export interface AdversarialOptState {
  readonly generator: AdamState;
  readonly discriminator: AdamState;
}

const KEYS = [
  'generatorLearningRate',
  'discriminatorLearningRate',
  'beta1',
  'beta2',
  'labelSmoothing',
  'instanceNoise',
  'noiseDecaySteps',
];

/** Gradients of `f` with respect to the leaves of `params` (a tree of the same keys), and f's value. */
function gradsOf(f: (p: TensorTree) => tf.Scalar, params: TensorTree) {
  const flat = flattenTree(params);
  const keys = Object.keys(flat);
  const { value, grads } = tf.valueAndGrads((...leaves: tf.Tensor[]) =>
    f(unflattenTree(Object.fromEntries(keys.map((k, i) => [k, leaves[i]!])))),
  )(keys.map((k) => flat[k]!));
  return { value, grads: unflattenTree(Object.fromEntries(keys.map((k, i) => [k, grads[i]!]))) };
}

/** Keeps every tensor of a tree past the tidy `valueAndGrads` runs its function in. */
function keepTree(tree: TensorTree): TensorTree {
  for (const t of Object.values(flattenTree(tree))) tf.keep(t);
  return tree;
}

function checkOptions(options: unknown) {
  const label = 'gan/adversarial';
  const o = (options ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o)) {
    throw new ConfigError(label, `options must be an object, got ${JSON.stringify(options)}`);
  }
  assertKnownKeys(o, KEYS, label);
  const full = {
    generatorLearningRate: 2e-4,
    discriminatorLearningRate: 2e-4,
    beta1: 0.5,
    beta2: 0.999,
    labelSmoothing: 0,
    instanceNoise: 0,
    noiseDecaySteps: 0,
    ...o,
  } as Required<AdversarialStepOptions>;
  assertNumber(full.generatorLearningRate, `${label}({generatorLearningRate})`, {
    min: 0,
    exclusiveMin: true,
  });
  assertNumber(full.discriminatorLearningRate, `${label}({discriminatorLearningRate})`, {
    min: 0,
    exclusiveMin: true,
  });
  assertNumber(full.beta1, `${label}({beta1})`, { min: 0, max: 1 });
  assertNumber(full.beta2, `${label}({beta2})`, { min: 0, max: 1 });
  if (full.labelSmoothing < 0 || !(full.labelSmoothing < 1)) {
    throw new ConfigError(
      `${label}({labelSmoothing})`,
      `must be a number in [0, 1) (0.1 makes real targets 0.9), got ${JSON.stringify(full.labelSmoothing)}`,
    );
  }
  assertNumber(full.labelSmoothing, `${label}({labelSmoothing})`, { min: 0, max: 1 });
  assertNumber(full.instanceNoise, `${label}({instanceNoise})`, { min: 0 });
  if (!Number.isInteger(full.noiseDecaySteps) || full.noiseDecaySteps < 0) {
    throw new ConfigError(
      `${label}({noiseDecaySteps})`,
      `must be a non-negative integer, got ${JSON.stringify(full.noiseDecaySteps)}`,
    );
  }
  return full;
}

/** The generator and discriminator of `model`, and the spec this plugin recorded for them. */
function partsOf(model: unknown): { generator: Layer; discriminator: Layer; spec: GanSpec } {
  const m = model as Record<string, Layer> | null;
  const isLayer = (l: unknown) =>
    typeof (l as Layer)?.init === 'function' && typeof (l as Layer)?.apply === 'function';
  if (!m || !isLayer(m.generator) || !isLayer(m.discriminator)) {
    throw new ConfigError(
      'gan/adversarial',
      `trains an architecture with 'generator' and 'discriminator' parts (gan/dcgan, gan/conditional), got ${
        isLayer(m) ? 'a one-model architecture' : `parts ${Object.keys(m ?? {}).join(', ') || 'none'}`
      }`,
    );
  }
  const spec = specOf(m);
  if (!spec) {
    throw new ConfigError(
      'gan/adversarial',
      'trains architectures built by @strata/plugin-gan (gan/dcgan, gan/conditional), which record their noise size and classes',
    );
  }
  return { generator: m.generator!, discriminator: m.discriminator!, spec };
}

/** The discriminator's input: images, with a conditional GAN's one-hot labels as constant channels. */
function withLabels(images: tf.Tensor, oneHot: tf.Tensor | undefined): tf.Tensor {
  if (!oneHot) return images;
  const [b, h, w] = images.shape as [number, number, number, number];
  const k = oneHot.shape[1]!;
  return tf.concat([images, tf.broadcastTo(tf.reshape(oneHot, [b, 1, 1, k]), [b, h, w, k])], 3);
}

/**
 * The adversarial training step of a GAN (Goodfellow et al. 2014) as a `TrainingStep`: per batch, one
 * Adam step of the discriminator (real images → 1, generated → 0, binary cross-entropy on logits),
 * then one of the generator against the updated discriminator with the non-saturating loss
 * −log D(G(z)). Each part has its own Adam (default rate 2e-4, β1 0.5, as in DCGAN); noise comes from
 * the step's rng, so a seeded run is reproducible and resumes bit for bit. Real images `x` are taken
 * in [0, 1] and mapped to [−1, 1] for a tanh generator. A conditional GAN's batches carry integer
 * labels `y`, used one-hot for both parts. Optional one-sided label smoothing and decaying instance
 * noise. Logs `d_loss` (sum of the real and fake terms) and `g_loss`.
 *
 * The registry entry `gan/adversarial`: its factory takes a `StepEntryInput` whose `model` is a
 * `gan/dcgan` or `gan/conditional` architecture and whose `inputShape` is one image's shape; the
 * config's own optimizer and loss are not used (the step builds its two optimizers from its options).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { adversarialStep, dcgan } from '@strata/plugin-gan';
 *
 * const model = dcgan({ imageSize: 4, latent: 2, filters: 2 });
 * const step = adversarialStep({ options: {}, model, inputShape: [null, 4, 4, 1] });
 * const { params, state } = step.init(createRng(0));
 * const train = { params, state, optState: step.initOptimizer(params) };
 * const out = step.step(train, { x: tf.zeros([2, 4, 4, 1]) }, { rng: createRng(1), step: 0, allMean: (t) => t });
 * Object.keys(out.logs); // => ['d_loss', 'g_loss']
 * ```
 */
export function adversarialStep(input: StepEntryInput): TrainingStep<AdversarialOptState> {
  const o = checkOptions(input.options);
  // tfjs-core in plain Node registers no gradients; Strata's fill the gaps (a no-op once done).
  registerGradients();
  const { generator, discriminator, spec } = partsOf(input.model);
  const shape = input.inputShape;
  const [h, w, c] = spec.image;
  if (shape.length !== 4 || shape[1] !== h || shape[2] !== w || shape[3] !== c) {
    throw new ShapeError(
      'gan/adversarial',
      `the architecture makes [null, ${h}, ${w}, ${c}] images and the data's images are [${shape.map((d) => d ?? 'null').join(', ')}]; set the architecture's imageSize and channels to the data's`,
    );
  }
  const gOpt = adam({ learningRate: o.generatorLearningRate, b1: o.beta1, b2: o.beta2 });
  const dOpt = adam({ learningRate: o.discriminatorLearningRate, b1: o.beta1, b2: o.beta2 });
  const bce = binaryCrossentropy({ fromLogits: true });
  const k = spec.classes;
  const noiseAt = (step: number) =>
    o.noiseDecaySteps === 0 ? o.instanceNoise : o.instanceNoise * Math.max(0, 1 - step / o.noiseDecaySteps);

  return defineStep<AdversarialOptState>({
    name: 'gan/adversarial',
    init(rng) {
      const [g, d] = rng.split(2) as [Rng, Rng];
      const gen = generator.init(g, [null, spec.latent + k]);
      const disc = discriminator.init(d, [null, h, w, c + k]);
      return {
        params: { generator: gen.params, discriminator: disc.params },
        state: { generator: gen.state, discriminator: disc.state },
      };
    },
    initOptimizer: (params) => ({
      generator: gOpt.init(params.generator as TensorTree),
      discriminator: dOpt.init(params.discriminator as TensorTree),
    }),
    step({ params, state, optState }, batch, ctx) {
      const x = batch.x;
      if (x?.rank !== 4 || x.shape[1] !== h || x.shape[2] !== w || x.shape[3] !== c) {
        throw new ShapeError(
          'gan/adversarial',
          `a batch's x must be [B, ${h}, ${w}, ${c}] images, got ${x ? `[${x.shape.join(', ')}]` : 'no x'}`,
        );
      }
      const rows = x.shape[0]!;
      let oneHot: tf.Tensor | undefined;
      if (k > 0) {
        if (!batch.y)
          throw new ShapeError('gan/adversarial', 'a conditional GAN needs integer labels y in each batch');
        oneHot = tf.oneHot(tf.cast(tf.reshape(batch.y, [rows]), 'int32'), k);
      }
      const real = spec.output === 'tanh' ? tf.sub(tf.mul(x, 2), 1) : x;
      const [rz1, rz2, rd1, rd2, rg, rn] = ctx.rng.split(6) as [Rng, Rng, Rng, Rng, Rng, Rng];
      const G = params.generator as TensorTree;
      const D = params.discriminator as TensorTree;
      const gState = state.generator as TensorTree;
      const dState = state.discriminator as TensorTree;
      const sigma = noiseAt(ctx.step);
      const noisy = (images: tf.Tensor, rng: Rng) =>
        sigma > 0 ? tf.add(images, randomNormal(rng, images.shape, 0, sigma)) : images;
      const latent = (rng: Rng) => {
        const z = randomNormal(rng, [rows, spec.latent]);
        return oneHot ? tf.concat([z, oneHot], 1) : z;
      };
      const [rnReal, rnFake, rnGen] = rn.split(3) as [Rng, Rng, Rng];
      const realIn = withLabels(noisy(real, rnReal), oneHot);
      // The discriminator's step: the generator's images are constants here (its batch-norm statistics
      // move only in the generator's own pass below).
      const fake1 = generator.apply(G, latent(rz1), {
        training: true,
        rng: rg,
        state: gState,
        step: ctx.step,
      }).y;
      const fakeIn = withLabels(noisy(fake1, rnFake), oneHot);
      const realTarget = tf.fill([rows, 1], 1 - o.labelSmoothing);
      const fakeTarget = tf.zeros([rows, 1]);
      let dState1: TensorTree = dState;
      const d = gradsOf((p) => {
        const a = discriminator.apply(p, realIn, { training: true, rng: rd1, state: dState, step: ctx.step });
        const b = discriminator.apply(p, fakeIn, {
          training: true,
          rng: rd1,
          state: a.state,
          step: ctx.step,
        });
        dState1 = keepTree(b.state);
        return tf.add(bce(realTarget, a.y), bce(fakeTarget, b.y)) as tf.Scalar;
      }, D);
      const dStep = dOpt.update(ctx.allMean(d.grads), optState.discriminator, D);
      const D2 = applyUpdates(D, dStep.updates);
      // The generator's step against the updated discriminator: the non-saturating loss −log D(G(z)).
      const z2 = latent(rz2);
      let gState1: TensorTree = gState;
      const g = gradsOf((p) => {
        const out = generator.apply(p, z2, { training: true, rng: rg, state: gState, step: ctx.step });
        gState1 = keepTree(out.state);
        const logits = discriminator.apply(D2, withLabels(noisy(out.y, rnGen), oneHot), {
          training: true,
          rng: rd2,
          state: dState1,
          step: ctx.step,
        }).y;
        return bce(tf.onesLike(logits), logits);
      }, G);
      const gStep = gOpt.update(ctx.allMean(g.grads), optState.generator, G);
      return {
        params: { generator: applyUpdates(G, gStep.updates), discriminator: D2 },
        state: { generator: gState1, discriminator: dState1 },
        optState: { generator: gStep.state, discriminator: dStep.state },
        logs: { d_loss: d.value, g_loss: g.value },
      };
    },
  });
}
