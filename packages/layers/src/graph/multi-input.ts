import {
  type ApplyContext,
  ConfigError,
  type Layer,
  type Rng,
  type Shape,
  type TensorTree,
} from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayerWithKind } from '../layer-with-kind.js';

/**
 * A layer that takes several tensors (merge layers, attention, a graph model with several inputs).
 * `initMany` gets one shape per input, in the order the graph passes them (`call(layer, [a, b])`);
 * `applyMany` gets the tensors in that same order and, like `apply`, hands its output to the caller.
 * It is still a `Layer`: its single-input `init`/`apply` either treat the one tensor as every input
 * (self-attention) or throw a ConfigError pointing at `call(layer, [a, b])`.
 */
export interface MultiInputLayer extends LayerWithKind {
  /** How many inputs it takes: an exact count, or at least `min` (and at most `max`). */
  readonly inputCount: { readonly min: number; readonly max?: number };
  initMany(
    rng: Rng,
    inputShapes: readonly Shape[],
  ): { params: TensorTree; state: TensorTree; outputShape: Shape };
  applyMany(params: TensorTree, xs: readonly Tensor[], ctx: ApplyContext): { y: Tensor; state: TensorTree };
}

/**
 * True when `layer` implements the several-input contract (`initMany` and `applyMany`).
 *
 * @example
 * ```ts
 * import { dense, isMultiInput } from '@strata/layers';
 *
 * isMultiInput(dense({ units: 2 })); // => false
 * ```
 */
export function isMultiInput(layer: Layer): layer is MultiInputLayer {
  const l = layer as Partial<MultiInputLayer>;
  return typeof l.initMany === 'function' && typeof l.applyMany === 'function';
}

/** What `multiInputLayer` needs: the several-input half of a layer. */
export interface MultiInputSpec {
  readonly name: string;
  readonly kind: string;
  readonly inputCount: { readonly min: number; readonly max?: number };
  initMany: MultiInputLayer['initMany'];
  applyMany: MultiInputLayer['applyMany'];
}

/**
 * Completes a several-input layer: its single-input `init`/`apply` throw a ConfigError that says to
 * connect it in a graph, since one tensor is not a valid input to e.g. `add`. Checks the number of
 * inputs before `initMany`/`applyMany` run, naming the layer.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { multiInputLayer } from '@strata/layers';
 *
 * const sum = multiInputLayer({
 *   name: 'sum',
 *   kind: 'Sum',
 *   inputCount: { min: 2 },
 *   initMany: (_rng, shapes) => ({ params: {}, state: {}, outputShape: shapes[0]! }),
 *   applyMany: (_params, xs) => ({ y: tf.addN([...xs]), state: {} }),
 * });
 * sum.initMany(createRng(0), [[null, 2], [null, 2]]).outputShape; // => [null, 2]
 * sum.applyMany({}, [tf.ones([1, 2]), tf.ones([1, 2])], { training: false, state: {} }).y; // => [[2, 2]]
 * ```
 */
export function multiInputLayer(spec: MultiInputSpec): MultiInputLayer {
  const { name, kind, inputCount } = spec;
  const label = `${kind} '${name}'`;
  const check = (n: number) => {
    const { min, max } = inputCount;
    if (n < min || (max !== undefined && n > max)) {
      const want = max === undefined ? `at least ${min}` : max === min ? `${min}` : `${min} to ${max}`;
      throw new ConfigError(
        label,
        `takes ${want} inputs, got ${n}; connect it with call(layer, [a, b, ...])`,
      );
    }
  };
  const single = (): never => {
    throw new ConfigError(
      label,
      'takes several inputs: connect it in a graph with call(layer, [a, b]) or use initMany/applyMany',
    );
  };
  return {
    name,
    kind,
    inputCount,
    init: single,
    apply: single,
    initMany(rng, shapes) {
      check(shapes.length);
      return spec.initMany(rng, shapes);
    },
    applyMany(params, xs, ctx) {
      check(xs.length);
      return spec.applyMany(params, xs, ctx);
    },
  };
}
