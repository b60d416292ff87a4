import {
  assertInteger,
  assertNumber,
  defineStep,
  type GradientTransformation,
  randomNormal,
  type Shape,
  ShapeError,
  type TensorTree,
  type TrainingStep,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AutoencoderParts } from './autoencoder-parts.js';
import { gaussianKl } from './gaussian-kl.js';
import { gradientStep } from './internal/gradient-step.js';
import { pixelBce } from './internal/pixel-bce.js';
import { imagesOf } from './reconstruct-step.js';
import { reparameterize } from './reparameterize.js';

/** Options of `vaeStep` (the step entry `autoencoder/vae` takes `latent`, `beta` and `key`). */
export interface VaeStepOptions<OS> {
  /** The parts of `vae(...)`: the encoder gives [B, 2·latent] (μ, then log σ²). */
  readonly model: AutoencoderParts;
  readonly inputShape: Shape;
  readonly optimizer: GradientTransformation<OS>;
  /** The size of z. */
  readonly latent: number;
  /** Weight of the KL term (Higgins et al. 2017's β-VAE). Default 1: the evidence lower bound. */
  readonly beta?: number;
  /** The batch key of the images (pixels in [0, 1]). Default 'x'. */
  readonly key?: string;
}

/** μ and log σ² from the encoder's output, or a ShapeError naming both shapes. */
export function splitCode(code: tf.Tensor, latent: number): [tf.Tensor, tf.Tensor] {
  if (code.rank !== 2 || code.shape[1] !== 2 * latent) {
    throw new ShapeError(
      'autoencoder/vae encoder',
      `expected an output of shape [B, ${2 * latent}] (μ and log σ² of ${latent} latents), got [${code.shape.join(', ')}]`,
    );
  }
  const [mean, logVar] = tf.split(code, 2, 1);
  return [mean!, logVar!];
}

/**
 * The variational autoencoder step (Kingma & Welling 2014): the encoder gives μ and log σ², z = μ + σ·ε
 * with ε ~ N(0, 1) drawn from the epoch's rng (`reparameterize`), and the loss is the negative
 * evidence lower bound with a weighted KL term: reconstruction (binary cross-entropy from the
 * decoder's logits, summed over pixels, mean over the batch) + β·KL(N(μ, σ²) ‖ N(0, 1)) (`gaussianKl`).
 * Logs `loss`, `reconstruction` and `kl`. `evaluate` decodes μ (no sampling).
 *
 * @example
 * ```ts
 * import { adam } from '@strata/optim';
 * import { vae, vaeStep } from '@strata/plugin-autoencoder';
 *
 * const step = vaeStep({
 *   model: vae({ imageShape: [4, 4, 1], latent: 2 }), inputShape: [null, 4, 4, 1],
 *   optimizer: adam({ learningRate: 1e-3 }), latent: 2, beta: 1,
 * });
 * step.name; // => 'autoencoder/vae'
 * ```
 */
export function vaeStep<OS>(options: VaeStepOptions<OS>): TrainingStep<OS> {
  const label = 'autoencoder/vae';
  const { model, inputShape, optimizer, latent } = options;
  assertInteger(latent, `${label}({latent})`);
  const beta = options.beta ?? 1;
  assertNumber(beta, `${label}({beta})`, { min: 0 });
  const key = options.key ?? 'x';
  return defineStep<OS>({
    name: label,
    init(rng) {
      const [a, b] = rng.split(2);
      const enc = model.encoder.init(a!, inputShape);
      if (enc.outputShape.length !== 2 || enc.outputShape[1] !== 2 * latent) {
        throw new ShapeError(
          `${label} encoder`,
          `expected an output shape [null, ${2 * latent}] (μ and log σ² of latent ${latent}), got [${enc.outputShape.join(', ')}]; build the model with autoencoder/vae and the same latent`,
        );
      }
      const dec = model.decoder.init(b!, [null, latent]);
      return {
        params: { encoder: enc.params, decoder: dec.params },
        state: { encoder: enc.state, decoder: dec.state },
      };
    },
    initOptimizer: (params) => optimizer.init(params),
    step({ params, state, optState }, batch, ctx) {
      const x = imagesOf(batch, key, label);
      // ε is drawn outside the differentiated function: the gradient flows through μ and σ only.
      const epsilon = randomNormal(ctx.rng, [x.shape[0]!, latent]);
      let yPred: tf.Tensor | undefined;
      const out = gradientStep(params, optState, optimizer, ctx, (p) => {
        const enc = model.encoder.apply(p.encoder as TensorTree, x, {
          training: true,
          state: state.encoder as TensorTree,
        });
        const [mean, logVar] = splitCode(enc.y, latent);
        const z = reparameterize(mean, logVar, epsilon);
        const dec = model.decoder.apply(p.decoder as TensorTree, z, {
          training: true,
          state: state.decoder as TensorTree,
        });
        yPred = tf.keep(tf.sigmoid(dec.y));
        const reconstruction = pixelBce(x, dec.y);
        const kl = gaussianKl(mean, logVar);
        return {
          loss: tf.add(reconstruction, tf.mul(beta, kl)) as tf.Scalar,
          logs: { reconstruction, kl },
          state: { encoder: enc.state, decoder: dec.state },
        };
      });
      return { ...out, outputs: { yTrue: x, yPred: yPred! } };
    },
    evaluate({ params, state }, batch) {
      const x = imagesOf(batch, key, label);
      const enc = model.encoder.apply(params.encoder as TensorTree, x, {
        training: false,
        state: state.encoder as TensorTree,
      });
      const [mean, logVar] = splitCode(enc.y, latent);
      const logits = model.decoder.apply(params.decoder as TensorTree, mean, {
        training: false,
        state: state.decoder as TensorTree,
      }).y;
      const reconstruction = pixelBce(x, logits);
      const kl = gaussianKl(mean, logVar);
      return {
        logs: { loss: tf.add(reconstruction, tf.mul(beta, kl)) as tf.Scalar, reconstruction, kl },
        outputs: { yTrue: x, yPred: tf.sigmoid(logits) },
      };
    },
  });
}
