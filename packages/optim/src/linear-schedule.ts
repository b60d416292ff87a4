import { assertInteger, assertKnownKeys, assertNumber, type Schedule } from '@strata/core';

export interface LinearScheduleOptions {
  readonly initialValue: number;
  readonly endValue: number;
  /** Steps from `initialValue` to `endValue` (an integer ≥ 1); `endValue` holds afterwards. */
  readonly transitionSteps: number;
  /** Steps to hold `initialValue` before the ramp starts. Default 0. */
  readonly transitionBegin?: number;
}

/**
 * A linear ramp between two values (a warmup when it rises), as optax's `linear_schedule`: with
 * `t = clamp(step − transitionBegin, 0, transitionSteps)`,
 * `value = initialValue + (endValue − initialValue) · t / transitionSteps`.
 *
 * @example
 * ```ts
 * import { linearSchedule } from '@strata/optim';
 *
 * const warmup = linearSchedule({ initialValue: 0, endValue: 1e-3, transitionSteps: 100 });
 * warmup(0); // => 0
 * warmup(25); // => 0.000250
 * warmup(100); // => 0.00100
 * warmup(500); // => 0.00100
 * ```
 */
export function linearSchedule(options: LinearScheduleOptions): Schedule {
  const label = 'linearSchedule';
  assertKnownKeys(options, ['initialValue', 'endValue', 'transitionSteps', 'transitionBegin'], label);
  const { initialValue, endValue, transitionSteps, transitionBegin = 0 } = options;
  assertNumber(initialValue, `${label}({initialValue})`);
  assertNumber(endValue, `${label}({endValue})`);
  assertInteger(transitionSteps, `${label}({transitionSteps})`);
  assertInteger(transitionBegin, `${label}({transitionBegin})`, 0);
  return (step) => {
    const t = Math.min(Math.max(step - transitionBegin, 0), transitionSteps);
    return initialValue + ((endValue - initialValue) * t) / transitionSteps;
  };
}
