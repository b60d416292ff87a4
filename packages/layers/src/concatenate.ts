import { assertKnownKeys, ConfigError, customOp, formatShape, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type MultiInputLayer, multiInputLayer } from './graph/multi-input.js';
import { checkName } from './internal/options.js';
import { layerLabel } from './internal/params.js';

/**
 * Joins two or more inputs along `axis` (default -1, the features or channels; 0, the batch, is not
 * allowed), as Keras's `Concatenate`; every other axis must agree. Connect it in a graph with
 * `call(concatenate(), [a, b])`, or call `applyMany(params, [a, b], ctx)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { concatenate } from '@strata/layers';
 *
 * const join = concatenate();
 * join.initMany(createRng(0), [[null, 8, 8, 3], [null, 8, 8, 5]]).outputShape; // => [null, 8, 8, 8]
 * join.applyMany({}, [tf.tensor2d([[1]]), tf.tensor2d([[2, 3]])], { training: false, state: {} }).y; // => [[1, 2, 3]]
 * ```
 */
export function concatenate(
  options: { readonly axis?: number; readonly name?: string } = {},
): MultiInputLayer {
  assertKnownKeys(options ?? {}, ['axis', 'name'], 'concatenate');
  const axisOption = options.axis ?? -1;
  if (!Number.isInteger(axisOption) || axisOption === 0) {
    throw new ConfigError(
      'concatenate({axis})',
      `must be a non-zero integer (negative counts from the end; 0 is the batch), got ${String(axisOption)}`,
    );
  }
  const name = checkName(options.name, 'concatenate', 'concatenate({name})');
  const label = layerLabel('Concatenate', name);
  /** The axis for inputs of rank `rank`, and the joined shape. */
  const join = (shapes: readonly Shape[]): { axis: number; shape: Shape } => {
    const rank = shapes[0]!.length;
    const axis = axisOption < 0 ? rank + axisOption : axisOption;
    if (axis < 1 || axis >= rank) {
      throw new ShapeError(label, `axis ${axisOption} is not a non-batch axis of ${formatShape(shapes[0]!)}`);
    }
    for (const shape of shapes) {
      const agree =
        shape.length === rank &&
        shape.every((d, i) => i === axis || d === null || shapes[0]![i] === null || d === shapes[0]![i]);
      if (!agree) {
        throw new ShapeError(
          label,
          `inputs must agree on every axis but ${axisOption}, got ${formatShape(shapes[0]!)} and ${formatShape(shape)}`,
        );
      }
    }
    const shape = shapes[0]!.map((_, i) => {
      const dims = shapes.map((s) => s[i] ?? null);
      if (i === axis) return dims.includes(null) ? null : (dims as number[]).reduce((a, b) => a + b, 0);
      return dims.find((d) => d !== null) ?? null;
    });
    return { axis, shape };
  };
  return multiInputLayer({
    name,
    kind: 'Concatenate',
    inputCount: { min: 2 },
    initMany: (_rng, shapes) => ({ params: {}, state: {}, outputShape: join(shapes).shape }),
    applyMany(_params, xs, _ctx) {
      const { axis } = join(xs.map((x) => x.shape));
      const sizes = xs.map((x) => x.shape[axis]!);
      const op = customOp((ins) => ({
        value: tf.concat(ins, axis),
        gradFunc: (dy) => tf.split(dy, sizes, axis),
      }));
      return { y: tf.tidy(() => op(...xs)), state: {} };
    },
  });
}
