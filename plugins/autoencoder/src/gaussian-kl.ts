import * as tf from '@tensorflow/tfjs-core';

/**
 * KL(N(μ, σ²) ‖ N(0, 1)) in closed form (Kingma & Welling 2014, appendix B), summed over the latent
 * axis and averaged over the batch: mean over rows of ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²), with
 * `logVar` = log σ². Returns a scalar the caller owns.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gaussianKl } from '@strata/plugin-autoencoder';
 *
 * gaussianKl(tf.zeros([2, 3]), tf.zeros([2, 3])).dataSync()[0]; // => 0
 * gaussianKl(tf.tensor2d([[1]]), tf.tensor2d([[0]])).dataSync()[0]; // => 0.5
 * ```
 */
export function gaussianKl(mean: tf.Tensor, logVar: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const terms = tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1));
    return tf.mean(tf.mul(0.5, tf.sum(terms, -1)));
  });
}
