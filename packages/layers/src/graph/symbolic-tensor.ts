import type { Layer, Shape } from '@strata/core';

/**
 * A placeholder for a tensor in a graph under construction: what `input` and `call` return and what
 * `model({ inputs, outputs })` connects. It holds no data; `shape` is the output shape inferred when
 * it was made (`null` for the batch and other unknown dimensions).
 */
export interface SymbolicTensor {
  readonly shape: Shape;
  /** Where it comes from: a model input, or a layer called on other symbolic tensors. */
  readonly source: InputSource | CallSource;
}

/** A model input, declared by `input(shape)`. */
export interface InputSource {
  readonly kind: 'input';
  /** The name given to `input`, or undefined for the default (`input`, `input_1`, ...). */
  readonly name: string | undefined;
}

/** The output of `call(layer, inputs)`. */
export interface CallSource {
  readonly kind: 'call';
  readonly layer: Layer;
  readonly inputs: readonly SymbolicTensor[];
}

/** True when `value` is a symbolic tensor made by `input` or `call`. */
export function isSymbolic(value: unknown): value is SymbolicTensor {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SymbolicTensor>;
  return Array.isArray(v.shape) && typeof v.source === 'object' && v.source !== null;
}
