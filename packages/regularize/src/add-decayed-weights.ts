import {
  ConfigError,
  flattenTree,
  type GradientTransformation,
  type Schedule,
  ShapeError,
  unflattenTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertMask, rateAt } from './internal.js';
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
 * // updates.kernel = [0.52, 0.46]; updates.bias = [0.5] (masked out)
 * ```
 */
export function addDecayedWeights(
  weightDecay: number | Schedule,
  mask?: ParamMask,
): GradientTransformation<AddDecayedWeightsState> {
  const label = 'addDecayedWeights(weightDecay)';
  if (typeof weightDecay !== 'function') rateAt(weightDecay, 0, label);
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
      const wd = rateAt(weightDecay, state.count, label);
      const g = flattenTree(grads);
      const p = flattenTree(params);
      for (const key of Object.keys(g)) {
        const param = p[key];
        if (!param) throw new ShapeError('addDecayedWeights', `'${key}' is in grads but not in params`);
        const [a, b] = [g[key]!.shape, param.shape];
        if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
          throw new ShapeError(
            'addDecayedWeights',
            `'${key}' has shape [${a}] in grads but [${b}] in params`,
          );
        }
      }
      return tf.tidy(() => {
        const out: Record<string, tf.Tensor> = {};
        for (const [key, grad] of Object.entries(g)) {
          const param = p[key]!;
          // Unselected params pass through as copies: the caller owns every tensor it gets back.
          out[key] = !mask || mask(key, param) ? tf.add(grad, tf.mul(param, wd)) : tf.clone(grad);
        }
        return { updates: unflattenTree(out), state: { count: state.count + 1 } };
      });
    },
  };
}
