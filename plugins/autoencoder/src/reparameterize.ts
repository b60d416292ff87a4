import * as tf from '@tensorflow/tfjs-core';

/**
 * The reparameterisation trick (Kingma & Welling 2014, §2.4): z = μ + σ·ε with σ = exp(½ log σ²),
 * so that z is a differentiable function of μ and log σ² for a fixed draw ε ~ N(0, 1). Returns z,
 * owned by the caller.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { reparameterize } from '@strata/plugin-autoencoder';
 *
 * // σ = exp(½ · log 4) = 2, so z = 1 + 2 · 0.5
 * reparameterize(tf.tensor1d([1]), tf.tensor1d([Math.log(4)]), tf.tensor1d([0.5])).dataSync()[0]; // => 2
 * ```
 */
export function reparameterize(mean: tf.Tensor, logVar: tf.Tensor, epsilon: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), epsilon)));
}
