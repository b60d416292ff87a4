import { assertKnownKeys, customOp, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkName, toPair } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface UpSampling2dOptions {
  /** `s` or `[sh, sw]`: how many times each row and column is repeated; default 2. */
  readonly size?: number | readonly [number, number];
  readonly name?: string;
}

/**
 * Nearest-neighbour upsampling of NHWC input by integer factors: each pixel becomes an `sh × sw`
 * block, `[b, h, w, c]` → `[b, h·sh, w·sw, c]`, as Keras's `UpSampling2D` (interpolation 'nearest').
 * Written as a tile of the reshaped input, with the gradient the sum over each block, so it needs no
 * resize kernel or its gradient (which wasm lacks).
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
  assertKnownKeys(options ?? {}, ['size', 'name'], 'upSampling2d');
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
