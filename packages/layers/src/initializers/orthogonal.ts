import { assertKnownKeys, assertNumber, ConfigError, formatShape, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from './initializer.js';

/**
 * A random orthogonal matrix (Saxe et al. 2014), Keras's default for recurrent kernels: the Q factor of
 * a Gaussian matrix with R's diagonal made positive, which makes Q uniformly (Haar) distributed
 * (Mezzadri 2007). A shape `[...rest, cols]` is treated as a matrix of prod(rest) rows; with fewer rows
 * than columns the rows are orthonormal, otherwise the columns. `gain` scales the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { orthogonal } from '@strata/layers';
 *
 * const q = orthogonal()(createRng(0), [3, 3]);
 * // Q · Qᵀ is the identity:
 * tf.matMul(q, q, false, true); // => [[1.00, 0.00, 0.00], [0.00, 1.00, 0.00], [0.00, 0.00, 1.00]]
 * ```
 */
export function orthogonal(options: { readonly gain?: number } = {}): Initializer {
  assertKnownKeys(options, ['gain'], 'orthogonal');
  const { gain = 1 } = options;
  assertNumber(gain, 'orthogonal({gain})');
  return (rng, shape) => {
    if (shape.length < 2) {
      throw new ConfigError('orthogonal', `needs a shape of rank ≥ 2, got ${formatShape(shape)}`);
    }
    const cols = shape[shape.length - 1]!;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const draws = randomNormal(rng, [m, n]);
    const a = Float64Array.from(draws.dataSync());
    draws.dispose();
    // Modified Gram–Schmidt over the n columns, run twice per column ("twice is enough", Giraud et al.
    // 2005) to stay orthogonal in floating point; it yields R with a positive diagonal directly.
    const col = (j: number, i: number) => i * n + j;
    for (let j = 0; j < n; j++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < j; k++) {
          let dot = 0;
          for (let i = 0; i < m; i++) dot += a[col(k, i)]! * a[col(j, i)]!;
          for (let i = 0; i < m; i++) a[col(j, i)]! -= dot * a[col(k, i)]!;
        }
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += a[col(j, i)]! ** 2;
      norm = Math.sqrt(norm);
      for (let i = 0; i < m; i++) a[col(j, i)]! /= norm;
    }
    // Q is m × n; with fewer rows than columns the matrix wanted is its transpose.
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        out[r * cols + c] = gain * (rows >= cols ? a[r * n + c]! : a[c * n + r]!);
      }
    }
    return tf.tensor(out, shape as number[], 'float32');
  };
}
