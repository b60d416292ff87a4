import { assertKnownKeys, ConfigError, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { reshapeWithGrad } from './internal/identity.js';
import { checkName, knownSize } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Reshapes every example to `targetShape` (the batch axis is kept and not named), row-major as Keras's
 * `Reshape`; one entry may be -1, inferred from the size of the rest.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { reshape } from '@strata/layers';
 *
 * const layer = reshape({ targetShape: [7, 7, -1] });
 * layer.init(createRng(0), [null, 196]).outputShape; // => [null, 7, 7, 4]
 * layer.apply({}, tf.zeros([2, 196]), { training: false, state: {} }).y.shape; // => [2, 7, 7, 4]
 * ```
 */
export function reshape(options: {
  readonly targetShape: readonly number[];
  readonly name?: string;
}): LayerWithKind {
  assertKnownKeys(options ?? {}, ['targetShape', 'name'], 'reshape');
  const { targetShape } = options;
  const ok =
    Array.isArray(targetShape) &&
    targetShape.length > 0 &&
    targetShape.every((d) => Number.isInteger(d) && (d >= 1 || d === -1)) &&
    targetShape.filter((d) => d === -1).length <= 1;
  if (!ok) {
    throw new ConfigError(
      'reshape({targetShape})',
      `must be a non-empty list of positive integers with at most one -1 (inferred), got ${JSON.stringify(targetShape)}`,
    );
  }
  const name = checkName(options.name, 'reshape', 'reshape({name})');
  const label = layerLabel('reshape', name);
  const fixed = targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  /** The target shape for `size` entries per example (null: unknown), or a labelled error. */
  const resolve = (size: number | null, shape: Shape): (number | null)[] => {
    const free = targetShape.includes(-1);
    if (size !== null && (free ? size % fixed !== 0 : size !== fixed)) {
      throw new ShapeError(
        label,
        `cannot reshape input ${formatShape(shape)} (${size} entries per example) to [${targetShape.join(', ')}]`,
      );
    }
    return targetShape.map((d) => (d !== -1 ? d : size === null ? null : size / fixed));
  };
  return {
    name,
    kind: 'Reshape',
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length < 1) {
        throw new ShapeError(label, `expected an input with a batch axis, got ${formatShape(inputShape)}`);
      }
      return {
        params: {},
        state: {},
        outputShape: [inputShape[0] ?? null, ...resolve(knownSize(inputShape.slice(1)), inputShape)],
      };
    },
    apply(_params, x, _ctx) {
      if (x.rank < 1) throw new ShapeError(label, 'expected an input with a batch axis, got a scalar');
      const b = x.shape[0]!;
      const dims = resolve(
        x.shape.slice(1).reduce((a, d) => a * d, 1),
        x.shape,
      ) as number[];
      return { y: tf.tidy(() => reshapeWithGrad(x, [b, ...dims])), state: {} };
    },
  };
}
