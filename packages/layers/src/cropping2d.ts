import { assertKnownKeys, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkName } from './internal/options.js';
import { cropWithGrad } from './internal/pad-crop.js';
import { layerLabel } from './internal/params.js';
import { type Padding2d, toSides } from './internal/sides.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Removes rows and columns from the edges of NHWC input, as Keras's `Cropping2D`: `cropping` is `n`
 * for every side, `[ch, cw]` (top and bottom ch, left and right cw), or `[[top, bottom], [left, right]]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { cropping2d } from '@strata/layers';
 *
 * const crop = cropping2d({ cropping: [[1, 0], [0, 1]] });
 * crop.init(createRng(0), [null, 28, 28, 3]).outputShape; // => [null, 27, 27, 3]
 * const x = tf.tensor4d([[[[1], [2]], [[3], [4]]]]);
 * crop.apply({}, x, { training: false, state: {} }).y; // => [[[[3]]]]
 * ```
 */
export function cropping2d(
  options: { readonly cropping?: Padding2d; readonly name?: string } = {},
): LayerWithKind {
  assertKnownKeys(options ?? {}, ['cropping', 'name'], 'cropping2d');
  const [[top, bottom], [left, right]] = toSides(options.cropping ?? 0, 'cropping2d({cropping})');
  const name = checkName(options.name, 'cropping2d', 'cropping2d({name})');
  const label = layerLabel('cropping2d', name);
  const tooSmall = (shape: Shape) =>
    new ShapeError(
      label,
      `input ${formatShape(shape)} is too small to crop [[${top}, ${bottom}], [${left}, ${right}]]: at least one row and column must remain`,
    );
  const shrink = (d: number | null | undefined, n: number) => (d === null || d === undefined ? null : d - n);
  return {
    name,
    kind: 'Cropping2D',
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length !== 4) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, height, width, channels] (NHWC), got ${formatShape(inputShape)}`,
        );
      }
      const [b, h, w, c] = inputShape;
      const outH = shrink(h, top + bottom);
      const outW = shrink(w, left + right);
      if ((outH !== null && outH < 1) || (outW !== null && outW < 1)) throw tooSmall(inputShape);
      return { params: {}, state: {}, outputShape: [b ?? null, outH, outW, c ?? null] };
    },
    apply(_params, x, _ctx) {
      if (x.rank !== 4) {
        throw new ShapeError(label, `expected input shape [?, ?, ?, ?] (NHWC), got ${formatShape(x.shape)}`);
      }
      const [b, h, w, c] = x.shape as [number, number, number, number];
      if (h - top - bottom < 1 || w - left - right < 1) throw tooSmall(x.shape);
      const y = tf.tidy(() => cropWithGrad(x, [0, top, left, 0], [b, h - top - bottom, w - left - right, c]));
      return { y, state: {} };
    },
  };
}
