import * as tf from '@tensorflow/tfjs-core';

/**
 * Binary cross-entropy from logits, summed over each image's pixels and averaged over the batch (the
 * Bernoulli −log p(x | z) of Kingma & Welling 2014): max(l, 0) − l·x + log(1 + e^−|l|), stable for
 * large logits.
 */
export function pixelBce(x: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const perPixel = tf.add(
      tf.sub(tf.relu(logits), tf.mul(logits, x)),
      tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
    );
    return tf.mean(tf.sum(tf.reshape(perPixel, [x.shape[0]!, -1]), 1));
  });
}

/** Squared error summed over each image's pixels (of the sigmoid of the logits), averaged over the batch. */
export function pixelSquaredError(x: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(tf.sum(tf.reshape(tf.squaredDifference(x, tf.sigmoid(logits)), [x.shape[0]!, -1]), 1)),
  );
}
