import {
  assertNumber,
  assertOneOf,
  type Batch,
  ConfigError,
  defineStep,
  type GradientTransformation,
  randomNormal,
  type Shape,
  type TensorTree,
  type TrainingStep,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AutoencoderParts } from './autoencoder-parts.js';
import { gradientStep } from './internal/gradient-step.js';
import { pixelBce, pixelSquaredError } from './internal/pixel-bce.js';

/** Options of `reconstructStep` (the step entry `autoencoder/reconstruct` takes the last three). */
export interface ReconstructStepOptions<OS> {
  readonly model: AutoencoderParts;
  /** One image's shape with the batch as null, e.g. [null, 28, 28, 1]. */
  readonly inputShape: Shape;
  readonly optimizer: GradientTransformation<OS>;
  /** 'bce' (default: pixels in [0, 1] as Bernoulli probabilities) or 'mse'; both summed over pixels. */
  readonly loss?: 'bce' | 'mse';
  /**
   * Denoising (Vincent et al. 2008): the standard deviation of Gaussian noise added to the input
   * (clipped to [0, 1]) while the target stays the clean image. Default 0: a plain autoencoder.
   */
  readonly noise?: number;
  /** The batch key of the images. Default 'x'. */
  readonly key?: string;
}

/** The images of a batch, or a labelled error naming the keys it has. */
export function imagesOf(batch: Batch, key: string, label: string): tf.Tensor {
  const x = batch[key];
  if (!x) {
    throw new ConfigError(
      label,
      `each batch needs the images under '${key}', got keys ${Object.keys(batch)
        .map((k) => `'${k}'`)
        .join(', ')}; set key`,
    );
  }
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

/**
 * The autoencoder training step: encode, decode, and minimise the reconstruction loss of the clean
 * image (per image, summed over pixels; mean over the batch). Params and state are
 * `{ encoder, decoder }`. Logs `loss`; hands `{ yTrue: x, yPred: sigmoid(logits) }` to the metrics,
 * so `meanSquaredError`-style metrics see pixels.
 *
 * @example
 * ```ts
 * import { sgd } from '@strata/optim';
 * import { denseAutoencoder, reconstructStep } from '@strata/plugin-autoencoder';
 *
 * const step = reconstructStep({
 *   model: denseAutoencoder({ imageShape: [4, 4, 1], latent: 2 }), inputShape: [null, 4, 4, 1],
 *   optimizer: sgd({ learningRate: 0.1 }), noise: 0.2,
 * });
 * step.name; // => 'autoencoder/reconstruct'
 * ```
 */
export function reconstructStep<OS>(options: ReconstructStepOptions<OS>): TrainingStep<OS> {
  const label = 'autoencoder/reconstruct';
  const { model, inputShape, optimizer } = options;
  const lossName = options.loss ?? 'bce';
  assertOneOf(lossName, ['bce', 'mse'], `${label}({loss})`);
  const noise = options.noise ?? 0;
  assertNumber(noise, `${label}({noise})`, { min: 0 });
  const key = options.key ?? 'x';
  const lossOf = lossName === 'bce' ? pixelBce : pixelSquaredError;
  const forward = (params: TensorTree, state: TensorTree, x: tf.Tensor, training: boolean) => {
    const enc = model.encoder.apply(params.encoder as TensorTree, x, {
      training,
      state: state.encoder as TensorTree,
    });
    const dec = model.decoder.apply(params.decoder as TensorTree, enc.y, {
      training,
      state: state.decoder as TensorTree,
    });
    return { logits: dec.y, state: { encoder: enc.state, decoder: dec.state } };
  };
  return defineStep<OS>({
    name: label,
    init(rng) {
      const [a, b] = rng.split(2);
      const enc = model.encoder.init(a!, inputShape);
      const dec = model.decoder.init(b!, enc.outputShape);
      return {
        params: { encoder: enc.params, decoder: dec.params },
        state: { encoder: enc.state, decoder: dec.state },
      };
    },
    initOptimizer: (params) => optimizer.init(params),
    step({ params, state, optState }, batch, ctx) {
      const x = imagesOf(batch, key, label);
      const noisy = noise > 0 ? tf.clipByValue(tf.add(x, randomNormal(ctx.rng, x.shape, 0, noise)), 0, 1) : x;
      let yPred: tf.Tensor | undefined;
      const out = gradientStep(params, optState, optimizer, ctx, (p) => {
        const f = forward(p, state, noisy, true);
        yPred = tf.keep(tf.sigmoid(f.logits));
        return { loss: lossOf(x, f.logits), logs: {}, state: f.state };
      });
      return { ...out, outputs: { yTrue: x, yPred: yPred! } };
    },
    evaluate({ params, state }, batch) {
      const x = imagesOf(batch, key, label);
      const { logits } = forward(params, state, x, false);
      return { logs: { loss: lossOf(x, logits) }, outputs: { yTrue: x, yPred: tf.sigmoid(logits) } };
    },
  });
}
