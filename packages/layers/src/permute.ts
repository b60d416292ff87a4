import { assertKnownKeys, ConfigError, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkName } from './internal/options.js';
import { transposeWithGrad } from './internal/pad-crop.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Permutes the axes of every example, as Keras's `Permute`: `dims` numbers the non-batch axes from 1
 * (the batch stays first), so `[2, 1]` swaps the two axes of `[batch, a, b]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { permute } from '@strata/layers';
 *
 * const layer = permute({ dims: [2, 1] });
 * layer.init(createRng(0), [null, 10, 64]).outputShape; // => [null, 64, 10]
 * layer.apply({}, tf.tensor3d([[[1, 2], [3, 4]]]), { training: false, state: {} }).y; // => [[[1, 3], [2, 4]]]
 * ```
 */
export function permute(options: {
  readonly dims: readonly number[];
  readonly name?: string;
}): LayerWithKind {
  assertKnownKeys(options ?? {}, ['dims', 'name'], 'permute');
  const { dims } = options;
  const n = Array.isArray(dims) ? dims.length : 0;
  const valid = n > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
  if (!valid) {
    throw new ConfigError(
      'permute({dims})',
      `must be a permutation of 1…n numbering the axes after the batch (Keras's convention), got ${JSON.stringify(dims)}`,
    );
  }
  const name = checkName(options.name, 'permute', 'permute({name})');
  const label = layerLabel('permute', name);
  const perm = [0, ...dims];
  const check = (shape: Shape) => {
    if (shape.length !== n + 1) {
      throw new ShapeError(
        label,
        `dims [${dims.join(', ')}] permute ${n} axes after the batch, but the input is ${formatShape(shape)}`,
      );
    }
  };
  return {
    name,
    kind: 'Permute',
    init(_rng: Rng, inputShape: Shape) {
      check(inputShape);
      return { params: {}, state: {}, outputShape: perm.map((axis) => inputShape[axis] ?? null) };
    },
    apply(_params, x, _ctx) {
      check(x.shape);
      return { y: tf.tidy(() => transposeWithGrad(x, perm)), state: {} };
    },
  };
}
