import { disposeTree } from '@strata/core';

/**
 * Frees every tensor in an optimizer state. States here are plain data (nested objects and arrays of
 * tensors and numbers), so this is core's `disposeTree` over the whole state; tensors already disposed are
 * skipped. `update` never disposes the state it is given: the caller frees the old state once the new
 * one is in hand.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adam, disposeState } from '@strata/optim';
 *
 * const opt = adam();
 * const params = { w: tf.zeros([3]) };
 * let state = opt.init(params);
 * const out = opt.update({ w: tf.ones([3]) }, state, params);
 * disposeState(state);   // free the old state ...
 * state = out.state;     // ... and keep the new one
 * ```
 */
export function disposeState(state: unknown): void {
  disposeTree(state);
}
