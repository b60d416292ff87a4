import {
  assertKnownKeys,
  assertOneOf,
  customOp,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkName, toPair } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface UpSampling2dOptions {
  /** `s` or `[sh, sw]`: how many times each row and column is repeated; default 2. */
  readonly size?: number | readonly [number, number];
  /**
   * Default 'nearest'. 'bilinear' interpolates as TensorFlow 2's `tf.image.resize` (which Keras
   * calls): half-pixel centres, source coordinate (i + 0.5) / s − 0.5 clamped to the image.
   */
  readonly interpolation?: 'nearest' | 'bilinear';
  readonly name?: string;
}

/**
 * The [n · s, n] matrix of bilinear weights along one axis: output i reads source (i + 0.5) / s − 0.5,
 * clamped at 0, split between its two neighbouring rows (the last repeated at the edge).
 */
function bilinearWeights(n: number, s: number): Float32Array {
  const w = new Float32Array(n * s * n);
  for (let i = 0; i < n * s; i++) {
    const src = Math.max((i + 0.5) / s - 0.5, 0);
    const lo = Math.min(Math.floor(src), n - 1);
    const hi = Math.min(lo + 1, n - 1);
    const frac = src - lo;
    w[i * n + lo]! += 1 - frac;
    w[i * n + hi]! += frac;
  }
  return w;
}

/**
 * Bilinear upsampling as two batched matrix products, rows then columns, so that it trains with
 * `BatchMatMul`'s gradient on every backend (wasm has no `ResizeBilinearGrad`).
 */
function bilinear(x: tf.Tensor, sh: number, sw: number): tf.Tensor {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const rows = tf.tile(tf.tensor3d(bilinearWeights(h, sh), [1, h * sh, h]), [b, 1, 1]);
  const tall = tf.matMul(rows, tf.reshape(x, [b, h, w * c]));
  const cols = tf.tile(tf.tensor3d(bilinearWeights(w, sw), [1, w * sw, w]), [b * h * sh, 1, 1]);
  const wide = tf.matMul(cols, tf.reshape(tall, [b * h * sh, w, c]));
  return tf.reshape(wide, [b, h * sh, w * sw, c]);
}

/**
 * Upsampling of NHWC input by integer factors, `[b, h, w, c]` → `[b, h·sh, w·sw, c]`, as Keras's
 * `UpSampling2D`: by default nearest-neighbour (each pixel becomes an `sh × sw` block, written as a
 * tile of the reshaped input with the gradient the sum over each block), or `interpolation:
 * 'bilinear'`. Neither needs a resize kernel or its gradient (which wasm lacks).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { upSampling2d } from '@strata/layers';
 *
 * const up = upSampling2d({ size: 2 });
 * up.init(createRng(0), [null, 7, 7, 16]).outputShape; // => [null, 14, 14, 16]
 * up.apply({}, tf.tensor4d([[[[1], [2]]]]), { training: false, state: {} }).y; // => [[[[1], [1], [2], [2]], [[1], [1], [2], [2]]]]
 * ```
 */
export function upSampling2d(options: UpSampling2dOptions = {}): LayerWithKind {
  assertKnownKeys(options ?? {}, ['size', 'interpolation', 'name'], 'upSampling2d');
  const interpolation = options.interpolation ?? 'nearest';
  assertOneOf(interpolation, ['nearest', 'bilinear'], 'upSampling2d({interpolation})');
  const [sh, sw] = toPair(options.size ?? 2, 'upSampling2d({size})');
  const name = checkName(options.name, 'up_sampling2d', 'upSampling2d({name})');
  const label = layerLabel('upSampling2d', name);
  const times = (d: number | null, s: number) => (d === null ? null : d * s);
  return {
    name,
    kind: 'UpSampling2D',
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length !== 4) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, height, width, channels] (NHWC), got ${formatShape(inputShape)}`,
        );
      }
      const [b, h, w, c] = inputShape;
      return {
        params: {},
        state: {},
        outputShape: [b ?? null, times(h ?? null, sh), times(w ?? null, sw), c ?? null],
      };
    },
    apply(_params, x, _ctx) {
      if (x.rank !== 4) {
        throw new ShapeError(label, `expected input shape [?, ?, ?, ?] (NHWC), got ${formatShape(x.shape)}`);
      }
      if (interpolation === 'bilinear') return { y: tf.tidy(() => bilinear(x, sh, sw)), state: {} };
      const [b, h, w, c] = x.shape as [number, number, number, number];
      const up = customOp(([xIn]) => ({
        value: tf.tidy(() =>
          tf.reshape(tf.tile(tf.reshape(xIn!, [b, h, 1, w, 1, c]), [1, 1, sh, 1, sw, 1]), [
            b,
            h * sh,
            w * sw,
            c,
          ]),
        ),
        gradFunc: (dy) => [tf.sum(tf.reshape(dy, [b, h, sh, w, sw, c]), [2, 4])],
      }));
      return { y: tf.tidy(() => up(x)), state: {} };
    },
  };
}
