import { assertKnownKeys, customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type MultiInputLayer, multiInputLayer } from './graph/multi-input.js';
import { sameShapes } from './internal/merge.js';
import { checkName } from './internal/options.js';
import { layerLabel } from './internal/params.js';

/** The product of `xs` leaving out entry `skip` (-1: none). */
function productExcept(xs: readonly tf.Tensor[], skip: number): tf.Tensor {
  const rest = xs.filter((_, i) => i !== skip);
  return rest.slice(1).reduce((acc, x) => tf.mul(acc, x), rest[0]!);
}

/**
 * The elementwise product of two or more inputs of one shape, as Keras's `Multiply` (gating, e.g. a
 * squeeze-and-excitation block). Connect it in a graph with `call(multiply(), [a, b])`, or call
 * `applyMany(params, [a, b], ctx)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { multiply } from '@strata/layers';
 *
 * const product = multiply();
 * product.initMany(createRng(0), [[null, 2], [null, 2]]).outputShape; // => [null, 2]
 * product.applyMany({}, [tf.tensor2d([[1, 2]]), tf.tensor2d([[3, 4]])], { training: false, state: {} }).y; // => [[3, 8]]
 * ```
 */
export function multiply(options: { readonly name?: string } = {}): MultiInputLayer {
  assertKnownKeys(options ?? {}, ['name'], 'multiply');
  const name = checkName(options.name, 'multiply', 'multiply({name})');
  const label = layerLabel('Multiply', name);
  return multiInputLayer({
    name,
    kind: 'Multiply',
    inputCount: { min: 2 },
    initMany: (_rng, shapes) => ({ params: {}, state: {}, outputShape: sameShapes(shapes, label) }),
    applyMany(_params, xs, _ctx) {
      sameShapes(
        xs.map((x) => x.shape),
        label,
      );
      const product = customOp((ins, save) => {
        save(ins);
        return {
          value: tf.tidy(() => productExcept(ins, -1)),
          // ∂(x₁⋯xₙ)/∂xᵢ is the product of the others.
          gradFunc: (dy, saved) => saved.map((_, i) => tf.tidy(() => tf.mul(dy, productExcept(saved, i)))),
        };
      });
      return { y: tf.tidy(() => product(...xs)), state: {} };
    },
  });
}
