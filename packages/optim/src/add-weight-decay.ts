import {
  assertRate,
  ConfigError,
  type GradientTransformation,
  resolveRate,
  type Schedule,
  zipTrees,
} from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** Chooses params by flat key ('block1/conv/kernel') and value: `true` means the param is decayed. */
export type DecayMask = (key: string, param: Tensor) => boolean;

/** The step count the weight-decay schedule sees (0 before the first update). */
export interface AddWeightDecayState {
  readonly count: number;
}

/**
 * Decoupled weight decay (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"): adds
 * `weightDecay · p` to the incoming updates for each param `mask` selects (all by default), as optax's
 * `add_decayed_weights`. Between a rescaling and the learning rate it gives AdamW (see `adamw`): the
 * decay is then multiplied by the learning rate, as in PyTorch's and Keras's AdamW. `weightDecay` is a
 * number ≥ 0 or a `Schedule` of the step. `update` needs the current params.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { addWeightDecay } from '@strata/optim';
 *
 * const decay = addWeightDecay(0.01, (key) => key !== 'bias');
 * const params = { kernel: tf.tensor1d([2, -4]), bias: tf.tensor1d([1]) };
 * const grads = { kernel: tf.tensor1d([0.5, 0.5]), bias: tf.tensor1d([0.5]) };
 * const { updates } = decay.update(grads, decay.init(params), params);
 * updates; // => { kernel: [0.52, 0.46], bias: [0.5] }
 * ```
 */
export function addWeightDecay(
  weightDecay: number | Schedule,
  mask?: DecayMask,
): GradientTransformation<AddWeightDecayState> {
  const label = 'addWeightDecay(weightDecay)';
  assertRate(weightDecay, label);
  if (mask !== undefined && typeof mask !== 'function') {
    throw new ConfigError(
      'addWeightDecay(mask)',
      `must be a function (key, param) => boolean, got ${typeof mask}`,
    );
  }
  return {
    init: () => ({ count: 0 }),
    update(grads, state, params) {
      if (!params)
        throw new ConfigError('addWeightDecay', 'update needs the params; pass them as the third argument');
      const wd = resolveRate(weightDecay, state.count, label);
      return tf.tidy(() => ({
        updates: zipTrees(
          [grads, params],
          ([g, p], key) => (!mask || mask(key, p!) ? tf.add(g!, tf.mul(p!, wd)) : tf.clone(g!)),
          { label: 'addWeightDecay', names: ['grads', 'params'] },
        ),
        state: { count: state.count + 1 },
      }));
    },
  };
}
