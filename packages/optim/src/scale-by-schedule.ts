import { ConfigError, type GradientTransformation, mapTree, type Schedule } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** The step counter a scheduled transformation keeps: how many updates it has made (0 after `init`). */
export interface ScaleByScheduleState {
  readonly count: number;
}

/**
 * Multiplies every update by `schedule(count)`, where `count` is the number of updates made so far
 * (0 on the first call), as optax's `scale_by_schedule` does. The factor may be any finite number
 * (negative flips the direction); `scaleByLearningRate` builds on this.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleBySchedule } from '@strata/optim';
 *
 * const halving = scaleBySchedule((step) => 0.5 ** step);
 * let state = halving.init({});
 * const first = halving.update({ w: tf.scalar(8) }, state);
 * first.updates.w; // => 8
 * state = first.state;
 * const second = halving.update({ w: tf.scalar(8) }, state);
 * second.updates.w; // => 4
 * ```
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<ScaleByScheduleState> {
  if (typeof schedule !== 'function') {
    throw new ConfigError(
      'scaleBySchedule(schedule)',
      `must be a function (step) => number, got ${typeof schedule}`,
    );
  }
  return {
    init: () => ({ count: 0 }),
    update(grads, state) {
      const factor = schedule(state.count);
      if (typeof factor !== 'number' || !Number.isFinite(factor)) {
        throw new ConfigError(
          'scaleBySchedule',
          `schedule(${state.count}) returned ${String(factor)}; a schedule must return a finite number`,
        );
      }
      return tf.tidy(() => ({
        updates: mapTree(grads, (g) => tf.mul(g, factor)),
        state: { count: state.count + 1 },
      }));
    },
  };
}
