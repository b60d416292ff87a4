import { assertKnownKeys, customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type MultiInputLayer, multiInputLayer } from './graph/multi-input.js';
import { sameShapes } from './internal/merge.js';
import { checkName } from './internal/options.js';
import { layerLabel } from './internal/params.js';

/**
 * The elementwise sum of two or more inputs of one shape, as Keras's `Add` (a residual connection:
 * `add` of a block's input and output). Connect it in a graph with `call(add(), [a, b])`, or call
 * `applyMany(params, [a, b], ctx)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { add } from '@strata/layers';
 *
 * const sum = add();
 * sum.initMany(createRng(0), [[null, 4], [null, 4]]).outputShape; // => [null, 4]
 * sum.applyMany({}, [tf.tensor2d([[1, 2]]), tf.tensor2d([[10, 20]])], { training: false, state: {} }).y; // => [[11, 22]]
 * ```
 */
export function add(options: { readonly name?: string } = {}): MultiInputLayer {
  assertKnownKeys(options ?? {}, ['name'], 'add');
  const name = checkName(options.name, 'add', 'add({name})');
  const label = layerLabel('Add', name);
  return multiInputLayer({
    name,
    kind: 'Add',
    inputCount: { min: 2 },
    initMany: (_rng, shapes) => ({ params: {}, state: {}, outputShape: sameShapes(shapes, label) }),
    applyMany(_params, xs, _ctx) {
      sameShapes(
        xs.map((x) => x.shape),
        label,
      );
      const sum = customOp((ins) => ({ value: tf.addN(ins), gradFunc: (dy) => ins.map(() => tf.clone(dy)) }));
      return { y: tf.tidy(() => sum(...xs)), state: {} };
    },
  });
}
