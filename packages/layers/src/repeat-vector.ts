import {
  assertInteger,
  assertKnownKeys,
  customOp,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkName } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Repeats each example's feature vector `n` times along a new time axis, `[b, f]` → `[b, n, f]`, as
 * Keras's `RepeatVector` (e.g. to feed an encoder's summary to every step of a decoder).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { repeatVector } from '@strata/layers';
 *
 * const layer = repeatVector({ n: 3 });
 * layer.init(createRng(0), [null, 32]).outputShape; // => [null, 3, 32]
 * layer.apply({}, tf.tensor2d([[1, 2]]), { training: false, state: {} }).y; // => [[[1, 2], [1, 2], [1, 2]]]
 * ```
 */
export function repeatVector(options: { readonly n: number; readonly name?: string }): LayerWithKind {
  assertKnownKeys(options ?? {}, ['n', 'name'], 'repeatVector');
  const { n } = options;
  assertInteger(n, 'repeatVector({n})');
  const name = checkName(options.name, 'repeat_vector', 'repeatVector({name})');
  const label = layerLabel('repeatVector', name);
  const repeat = customOp(([xIn]) => ({
    value: tf.tidy(() => tf.tile(tf.expandDims(xIn!, 1), [1, n, 1])),
    gradFunc: (dy) => [tf.sum(dy, 1)],
  }));
  return {
    name,
    kind: 'RepeatVector',
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length !== 2) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, features], got ${formatShape(inputShape)}`,
        );
      }
      return { params: {}, state: {}, outputShape: [inputShape[0] ?? null, n, inputShape[1] ?? null] };
    },
    apply(_params, x, _ctx) {
      if (x.rank !== 2) {
        throw new ShapeError(
          label,
          `expected input shape [?, ?] (batch, features), got ${formatShape(x.shape)}`,
        );
      }
      return { y: tf.tidy(() => repeat(x)), state: {} };
    },
  };
}
