import * as tf from '@tensorflow/tfjs-core';
import type { FillMode, Interpolation } from '../types.js';

/** A 2×2 matrix [[a, b], [c, d]] as [a, b, c, d] and a shift [tx, ty], in pixels. */
export interface Affine {
  readonly m: readonly [number, number, number, number];
  readonly shift?: readonly [number, number];
}

/**
 * Resamples each image through its own affine map: the output pixel at column x, row y reads the
 * input at (x', y') = M·(p + offset - c) + c - shift, c the image centre ((W - 1)/2, (H - 1)/2), so M
 * turns about the centre and a shift (dx, dy) moves content dx columns right and dy rows down. One
 * helper for rotation, translation, zoom, shear and crops, so every geometric transform shares its
 * conventions.
 *
 * The sampling is TensorFlow's `ImageProjectiveTransformV3` (what Keras's preprocessing layers run):
 * bilinear reads each of the four neighbours with the fill value outside the image, nearest rounds.
 * It is written with gathers rather than `tf.image.transform` because tfjs 4.22's cpu `Transform`
 * kernel fills every image after the first with zeros; gathers also run the same on every backend.
 */
export function affineTransform(
  x: tf.Tensor4D,
  maps: readonly Affine[],
  options: {
    interpolation: Interpolation;
    fillMode: FillMode;
    fillValue?: number;
    outputShape?: [number, number];
    offset?: readonly [number, number];
  },
): tf.Tensor4D {
  const [n, h, w, ch] = x.shape;
  const [ho, wo] = options.outputShape ?? [h, w];
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const [ox, oy] = options.offset ?? [0, 0];
  // Per sample, x' = A·x + B·y + C and y' = D·x + E·y + F over the output grid.
  const coef = maps.flatMap(({ m: [a, b, c, d], shift = [0, 0] }) => {
    const px = ox - cx;
    const py = oy - cy;
    return [a, b, a * px + b * py + cx - shift[0], c, d, c * px + d * py + cy - shift[1]];
  });
  const fill = options.fillValue ?? 0;
  return tf.tidy(() => {
    const k = tf.tensor2d(coef, [n, 6]);
    const col = (i: number) => tf.reshape(tf.slice(k, [0, i], [n, 1]), [n, 1, 1]);
    const gx = tf.reshape(tf.range(0, wo), [1, 1, wo]);
    const gy = tf.reshape(tf.range(0, ho), [1, ho, 1]);
    let sx = tf.add(tf.add(tf.mul(col(0), gx), tf.mul(col(1), gy)), col(2));
    let sy = tf.add(tf.add(tf.mul(col(3), gx), tf.mul(col(4), gy)), col(5));
    if (options.fillMode === 'nearest') {
      sx = tf.clipByValue(sx, 0, w - 1);
      sy = tf.clipByValue(sy, 0, h - 1);
    }
    const flat = tf.reshape(x, [n * h * w, ch]);
    const base = tf.reshape(tf.mul(tf.range(0, n), h * w), [n, 1, 1]);
    // The values at integer (column qx, row qy) and whether each lies inside the image (1 or 0).
    const read = (qx: tf.Tensor, qy: tf.Tensor): [tf.Tensor, tf.Tensor] => {
      const inside = tf.cast(
        tf.logicalAnd(
          tf.logicalAnd(tf.greaterEqual(qx, 0), tf.lessEqual(qx, w - 1)),
          tf.logicalAnd(tf.greaterEqual(qy, 0), tf.lessEqual(qy, h - 1)),
        ),
        'float32',
      );
      const ix = tf.clipByValue(qx, 0, w - 1);
      const iy = tf.clipByValue(qy, 0, h - 1);
      // Exact in float32 for images under 2^24 pixels per batch, then an int32 index.
      const index = tf.cast(tf.reshape(tf.add(base, tf.add(tf.mul(iy, w), ix)), [-1]), 'int32');
      return [tf.reshape(tf.gather(flat, index), [n, ho, wo, ch]), tf.expandDims(inside, -1)];
    };
    // Σ_k w_k·(inside_k ? v_k : fill) = Σ_k (w_k·inside_k)·v_k + fill·(1 - Σ_k w_k·inside_k), as the
    // weights sum to 1: one multiply per corner instead of a select and a filled tensor.
    const combine = (terms: [tf.Tensor, tf.Tensor, tf.Tensor | number][]) => {
      let sum: tf.Tensor | null = null;
      let covered: tf.Tensor | null = null;
      for (const [values, inside, weight] of terms) {
        const wk = tf.mul(inside, weight);
        sum = sum === null ? tf.mul(values, wk) : tf.add(sum, tf.mul(values, wk));
        covered = covered === null ? wk : tf.add(covered, wk);
      }
      return (fill === 0 ? sum! : tf.add(sum!, tf.mul(tf.sub(1, covered!), fill))) as tf.Tensor4D;
    };
    if (options.interpolation === 'nearest') return combine([[...read(tf.round(sx), tf.round(sy)), 1]]);
    const x0 = tf.floor(sx);
    const y0 = tf.floor(sy);
    const fx = tf.expandDims(tf.sub(sx, x0), -1);
    const fy = tf.expandDims(tf.sub(sy, y0), -1);
    const ax = tf.sub(1, fx);
    const ay = tf.sub(1, fy);
    const x1 = tf.add(x0, 1);
    const y1 = tf.add(y0, 1);
    return combine([
      [...read(x0, y0), tf.mul(ax, ay)],
      [...read(x1, y0), tf.mul(fx, ay)],
      [...read(x0, y1), tf.mul(ax, fy)],
      [...read(x1, y1), tf.mul(fx, fy)],
    ]);
  });
}
