import { ConfigError, createRng, randomNormal, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type GanParts, specOf } from './internal/gan-spec.js';

/** What `generateImages` draws. */
export interface GenerateImagesOptions {
  /** Images to draw, for an unconditional GAN. Default 64. */
  readonly count?: number;
  /** For a conditional GAN: the class of each image (its length is the count). */
  readonly labels?: readonly number[];
  /** Seeds the noise: the same seed and labels give the same images. Default 0. */
  readonly seed?: number;
}

/**
 * Images from a trained generator, in inference mode: noise from `createRng(seed)`, with a conditional
 * GAN's one-hot labels concatenated, through `parts.generator`. Returns `[N, H, W, C]` pixels in
 * [0, 1] (a tanh generator's [−1, 1] mapped), a tensor the caller owns. `trained` is what training
 * saved: `params.generator` and `state.generator` (batch-norm statistics).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { conditionalGan, generateImages } from '@strata/plugin-gan';
 *
 * const parts = conditionalGan({ imageSize: 8, latent: 4, filters: 2, classes: 3 });
 * const g = parts.generator.init(createRng(0), [null, 4 + 3]);
 * const trained = { params: { generator: g.params }, state: { generator: g.state } };
 * const images = generateImages(parts, trained, { labels: [0, 1, 2, 2], seed: 7 });
 * images.shape; // => [4, 8, 8, 1]
 * ```
 */
export function generateImages(
  parts: GanParts,
  trained: { readonly params: TensorTree; readonly state?: TensorTree },
  options: GenerateImagesOptions = {},
): tf.Tensor4D {
  const label = 'generateImages';
  const spec = specOf(parts);
  if (!spec) throw new ConfigError(label, 'parts must be built by gan/dcgan or gan/conditional');
  const { labels, seed = 0 } = options;
  if (spec.classes > 0) {
    if (
      !labels ||
      labels.length === 0 ||
      labels.some((k) => !Number.isInteger(k) || k < 0 || k >= spec.classes)
    ) {
      throw new ConfigError(
        `${label}({labels})`,
        `a conditional GAN needs one class per image, integers in [0, ${spec.classes - 1}], got ${JSON.stringify(labels)}`,
      );
    }
  } else if (labels) {
    throw new ConfigError(`${label}({labels})`, 'an unconditional GAN takes no labels; pass count');
  }
  const count = labels?.length ?? options.count ?? 64;
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigError(`${label}({count})`, `must be a positive integer, got ${JSON.stringify(count)}`);
  }
  const params = trained.params.generator as TensorTree | undefined;
  if (!params) {
    throw new ConfigError(
      label,
      "trained.params has no 'generator'; pass the params the GAN was trained with",
    );
  }
  return tf.tidy(() => {
    let z: tf.Tensor = randomNormal(createRng(seed), [count, spec.latent]);
    if (labels) z = tf.concat([z, tf.oneHot(tf.tensor1d(labels as number[], 'int32'), spec.classes)], 1);
    const { y } = parts.generator.apply(params, z, {
      training: false,
      state: (trained.state?.generator ?? {}) as TensorTree,
    });
    return (spec.output === 'tanh' ? tf.div(tf.add(y, 1), 2) : y) as tf.Tensor4D;
  });
}
