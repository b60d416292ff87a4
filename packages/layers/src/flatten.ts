import { assertKnownKeys, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { reshapeWithGrad } from './internal/identity.js';
import { checkName, knownSize } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Flattens every axis but the first (the batch): `[b, h, w, c]` → `[b, h·w·c]`, in row-major (NHWC)
 * order, as Keras with `channels_last`; a rank-1 input becomes `[b, 1]`.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { flatten } from '@strata/layers';
 *
 * flatten().init(createRng(0), [null, 3, 3, 64]).outputShape; // => [null, 576]
 * ```
 */
export function flatten(options: { readonly name?: string } = {}): LayerWithKind {
  assertKnownKeys(options ?? {}, ['name'], 'flatten');
  const name = checkName(options.name, 'flatten', 'flatten({name})');
  const label = layerLabel('flatten', name);
  return {
    name,
    kind: 'Flatten',
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length < 1) {
        throw new ShapeError(label, `expected an input with a batch axis, got ${formatShape(inputShape)}`);
      }
      return { params: {}, state: {}, outputShape: [inputShape[0] ?? null, knownSize(inputShape.slice(1))] };
    },
    apply(_params, x, _ctx) {
      if (x.rank < 1) throw new ShapeError(label, `expected an input with a batch axis, got a scalar`);
      const batch = x.shape[0]!;
      return { y: tf.tidy(() => reshapeWithGrad(x, [batch, batch === 0 ? 0 : x.size / batch])), state: {} };
    },
  };
}
