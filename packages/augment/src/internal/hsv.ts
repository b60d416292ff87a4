import * as tf from '@tensorflow/tfjs-core';

/**
 * RGB → HSV over the last axis (values in [0, 1]), elementwise on the device, as
 * `tf.image.rgb_to_hsv`: V = max, S = (max - min)/max (0 for black), H in [0, 1) from the sector of the
 * largest channel (0 for greys).
 */
export function rgbToHsv(x: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const [r, g, b] = tf.split(x, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const v = tf.maximum(tf.maximum(r, g), b);
  const m = tf.minimum(tf.minimum(r, g), b);
  const c = tf.sub(v, m);
  const s = tf.where(tf.greater(v, 0), tf.div(c, tf.maximum(v, 1e-12)), tf.zerosLike(v));
  const safe = tf.maximum(c, 1e-12);
  const hr = tf.mod(tf.div(tf.sub(g, b), safe), 6);
  const hg = tf.add(tf.div(tf.sub(b, r), safe), 2);
  const hb = tf.add(tf.div(tf.sub(r, g), safe), 4);
  // Ties go to red, then green, as TensorFlow's kernel checks them in that order.
  const sector = tf.where(tf.equal(v, r), hr, tf.where(tf.equal(v, g), hg, hb));
  const h = tf.where(tf.greater(c, 0), tf.div(sector, 6), tf.zerosLike(v));
  return [h, s, v];
}

/** HSV → RGB: channel n ∈ {5, 3, 1} is V - V·S·clip(min(k, 4 - k), 0, 1) with k = (n + 6H) mod 6. */
export function hsvToRgb(h: tf.Tensor, s: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const channel = (n: number) => {
    const k = tf.mod(tf.add(tf.mul(h, 6), n), 6);
    const t = tf.clipByValue(tf.minimum(k, tf.sub(4, k)), 0, 1);
    return tf.sub(v, tf.mul(tf.mul(v, s), t));
  };
  return tf.concat([channel(5), channel(3), channel(1)], -1);
}
