import { assertInteger, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation, rangeOption, uniforms } from './internal/checks.js';
import type { Augmentation } from './types.js';

/** Reflects an index into [0, n) without repeating the edge (-1 → 1, n → n - 2), as torch's 'reflect'. */
function reflect(i: number, n: number): number {
  let j = i;
  while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
  return j;
}

/**
 * The blur along one axis of length n for each sigma, as matrices [N, n, n] whose row i holds the
 * normalized kernel exp(-t²/(2σ²)), t = -r … r, with reflected borders folded in.
 */
function blurMatrices(sigmas: readonly number[], size: number, n: number): tf.Tensor3D {
  const r = (size - 1) / 2;
  const out = new Float32Array(sigmas.length * n * n);
  sigmas.forEach((sigma, b) => {
    const weights = Array.from({ length: size }, (_, k) => Math.exp(-((k - r) ** 2) / (2 * sigma * sigma)));
    const total = weights.reduce((a, w) => a + w, 0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < size; k++) {
        const at = b * n * n + i * n + reflect(i + k - r, n);
        out[at] = out[at]! + weights[k]! / total;
      }
    }
  });
  return tf.tensor3d(out, [sigmas.length, n, n]);
}

/**
 * Gaussian blur with its own σ per image, drawn from `sigma` = [lower, upper] (torchvision's
 * `GaussianBlur`: an odd `kernelSize`, kernel exp(-t²/2σ²) normalized, reflected borders). The blur is
 * separable and runs as two batched matrix products (rows, then columns), so each sample's σ costs
 * nothing extra.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { gaussianBlur } from '@strata/augment';
 *
 * // Blurring keeps a constant image constant.
 * const { x } = gaussianBlur({ kernelSize: 3, sigma: [1, 1] })({ x: tf.fill([1, 4, 4, 1], 0.5) }, createRng(0));
 * Array.from(x.dataSync()).every((v) => Math.abs(v - 0.5) < 1e-6); // => true
 * ```
 */
export function gaussianBlur(options: {
  readonly kernelSize: number;
  readonly sigma: readonly [number, number];
}): Augmentation {
  const fn = 'gaussianBlur';
  checkKeys(fn, options, ['kernelSize', 'sigma']);
  assertInteger(options?.kernelSize, `${fn}({kernelSize})`);
  const size = options.kernelSize;
  if (size % 2 !== 1) throw new ConfigError(`${fn}({kernelSize})`, `must be odd, got ${size}`);
  const range = rangeOption(fn, 'sigma', options.sigma, { min: 0, exclusiveMin: true });
  return imageAugmentation(fn, (x, rng) => {
    const [n, h, w, c] = x.shape;
    const r = (size - 1) / 2;
    if (r >= h || r >= w) {
      throw new ConfigError(
        fn,
        `a kernel of ${size} needs images larger than ${r} pixels each way, got ${h}×${w}`,
      );
    }
    const sigmas = uniforms(rng, n, range);
    // Columns: [N, H, W, C] → [N, H·C, W]… as [N, W, H·C] so one matMul per sample applies Bw.
    const alongW = tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [n, w, h * c]);
    const bw = tf.matMul(blurMatrices(sigmas, size, w), alongW);
    const back = tf.transpose(tf.reshape(bw, [n, w, h, c]), [0, 2, 1, 3]);
    const alongH = tf.reshape(back, [n, h, w * c]);
    return tf.reshape(tf.matMul(blurMatrices(sigmas, size, h), alongH), [n, h, w, c]);
  });
}
