import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Chooses params by their flat key ('block1/conv/kernel') and value: `true` means the param is
 * penalised or decayed. A common choice leaves biases and normalisation scales alone:
 * `(key) => key.endsWith('kernel')`.
 */
export type ParamMask = (key: string, param: Tensor) => boolean;

/**
 * Chooses params by a tree shaped like the params: `true` selects, `false` leaves out. A boolean at
 * an inner node covers everything below it (`{ dense: true, head: { kernel: true, bias: false } }`).
 */
export interface MaskTree {
  readonly [name: string]: boolean | MaskTree;
}

/**
 * Keeps a param inside a set after each update (Keras's weight constraints): takes the param and
 * returns the projected value, a new tensor the caller owns.
 */
export type Constraint = (param: Tensor) => Tensor;
