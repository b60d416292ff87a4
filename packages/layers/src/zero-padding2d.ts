import { assertKnownKeys, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkName } from './internal/options.js';
import { padWithGrad } from './internal/pad-crop.js';
import { layerLabel } from './internal/params.js';
import { type Padding2d, toSides } from './internal/sides.js';
import type { LayerWithKind } from './layer-with-kind.js';

export type { Padding2d } from './internal/sides.js';

/**
 * Adds rows and columns of zeros around NHWC input, as Keras's `ZeroPadding2D`: `padding` is `p` for
 * every side, `[ph, pw]` (top and bottom ph, left and right pw), or `[[top, bottom], [left, right]]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { zeroPadding2d } from '@strata/layers';
 *
 * const pad = zeroPadding2d({ padding: [[1, 0], [0, 1]] });
 * pad.init(createRng(0), [null, 28, 28, 3]).outputShape; // => [null, 29, 29, 3]
 * pad.apply({}, tf.tensor4d([[[[5]]]]), { training: false, state: {} }).y; // => [[[[0], [0]], [[5], [0]]]]
 * ```
 */
export function zeroPadding2d(
  options: { readonly padding?: Padding2d; readonly name?: string } = {},
): LayerWithKind {
  assertKnownKeys(options ?? {}, ['padding', 'name'], 'zeroPadding2d');
  const [[top, bottom], [left, right]] = toSides(options.padding ?? 1, 'zeroPadding2d({padding})');
  const name = checkName(options.name, 'zero_padding2d', 'zeroPadding2d({name})');
  const label = layerLabel('zeroPadding2d', name);
  const grow = (d: number | null | undefined, n: number) => (d === null || d === undefined ? null : d + n);
  return {
    name,
    kind: 'ZeroPadding2D',
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
        outputShape: [b ?? null, grow(h, top + bottom), grow(w, left + right), c ?? null],
      };
    },
    apply(_params, x, _ctx) {
      if (x.rank !== 4) {
        throw new ShapeError(label, `expected input shape [?, ?, ?, ?] (NHWC), got ${formatShape(x.shape)}`);
      }
      const paddings: [number, number][] = [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ];
      return { y: tf.tidy(() => padWithGrad(x, paddings)), state: {} };
    },
  };
}
