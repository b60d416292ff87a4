import {
  assertRate,
  ConfigError,
  type GradientTransformation,
  resolveRate,
  type Schedule,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertMask } from './internal.js';
import type { ParamMask } from './types.js';

/** The step count the weight-decay schedule sees (0 before the first update). */
export interface AddDecayedWeightsState {
  readonly count: number;
}

/**
 * Decoupled weight decay (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"): adds
 * `weightDecay · p` to the incoming updates for each param the mask selects (all by default), as
 * optax's `add_decayed_weights` does. Chained between an optimizer's rescaling and its learning rate,
 * `chain(scaleByAdam(), addDecayedWeights(wd, mask), scaleByLearningRate(lr))`, it gives AdamW:
 * `p ← p − lr·(m̂/(√v̂+ε) + wd·p)`. The decay is thereby multiplied by the learning rate, as in
 * PyTorch's and Keras's AdamW (the paper's schedule multiplier η_t). `weightDecay` is a number ≥ 0 or
 * a `Schedule` of the step. `update` needs the current params.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { addDecayedWeights } from '@strata/regularize';
 *
 * const decay = addDecayedWeights(0.01, (key) => key !== 'bias');
 * const params = { kernel: tf.tensor1d([2, -4]), bias: tf.tensor1d([1]) };
 * const grads = { kernel: tf.tensor1d([0.5, 0.5]), bias: tf.tensor1d([0.5]) };
 * const { updates } = decay.update(grads, decay.init(params), params);
 * // grads + 0.01 · params where the mask holds: the bias is masked out.
 * updates; // => { kernel: [0.52, 0.46], bias: [0.5] }
 * ```
 */
export function addDecayedWeights(
  weightDecay: number | Schedule,
  mask?: ParamMask,
): GradientTransformation<AddDecayedWeightsState> {
  const label = 'addDecayedWeights(weightDecay)';
  assertRate(weightDecay, label);
  assertMask(mask, 'addDecayedWeights(mask)');
  return {
    init: () => ({ count: 0 }),
    update(grads, state, params) {
      if (!params) {
        throw new ConfigError(
          'addDecayedWeights',
          'update needs the params; pass them as the third argument',
        );
      }
      const wd = resolveRate(weightDecay, state.count, label);
      return tf.tidy(() => {
        const updates = zipTrees(
          [grads, params],
          // Unselected params pass through as copies: the caller owns every tensor it gets back.
          ([g, p], key) => (!mask || mask(key, p!) ? tf.add(g!, tf.mul(p!, wd)) : tf.clone(g!)),
          { label: 'addDecayedWeights', names: ['grads', 'params'] },
        );
        return { updates, state: { count: state.count + 1 } };
      });
    },
  };
}
