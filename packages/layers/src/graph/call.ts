import { ConfigError, createRng, disposeTree, type Layer, type Shape } from '@strata/core';
import { isMultiInput } from './multi-input.js';
import { isSymbolic, type SymbolicTensor } from './symbolic-tensor.js';

/** A layer's output shape for these input shapes: its `init` (or `initMany`) run once and freed. */
export function inferShape(layer: Layer, shapes: readonly Shape[]): Shape {
  const out = isMultiInput(layer)
    ? layer.initMany(createRng(0), shapes)
    : layer.init(createRng(0), shapes[0]!);
  disposeTree(out.params);
  disposeTree(out.state);
  return out.outputShape;
}

/**
 * Connects `layer` to one symbolic tensor, or to several for a layer that takes several (`add`,
 * `concatenate`, `multiHeadAttention`), and returns its output. The output shape is inferred now, so a
 * mismatch is reported where the graph is written. Calling one layer object more than once shares its
 * params (a siamese tower), as in Keras.
 *
 * @example
 * ```ts
 * import { call, dense, input } from '@strata/layers';
 *
 * const x = input([null, 8]);
 * const h = call(dense({ units: 4, activation: 'relu' }), x);
 * h.shape; // => [null, 4]
 * ```
 */
export function call(layer: Layer, inputs: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor {
  if (typeof layer !== 'object' || layer === null || typeof layer.init !== 'function') {
    throw new ConfigError('call(layer)', 'is not a layer (an object with name, init and apply)');
  }
  const list = Array.isArray(inputs) ? (inputs as readonly SymbolicTensor[]) : [inputs as SymbolicTensor];
  list.forEach((x, i) => {
    if (!isSymbolic(x)) {
      throw new ConfigError(
        `call(${layer.name}, inputs[${i}])`,
        'is not a symbolic tensor; pass what input() or call() returned',
      );
    }
  });
  if (list.length === 0) throw new ConfigError(`call(${layer.name})`, 'needs at least one input');
  if (list.length > 1 && !isMultiInput(layer)) {
    throw new ConfigError(
      `call(${layer.name})`,
      `got ${list.length} inputs, but the layer takes one; merge them first (add, concatenate)`,
    );
  }
  const shape = inferShape(
    layer,
    list.map((x) => x.shape),
  );
  return { shape, source: { kind: 'call', layer, inputs: list } };
}
