import { assertInteger, assertKnownKeys, assertNumber, type Schedule } from '@strata/core';

export interface ExponentialDecayOptions {
  readonly initialValue: number;
  /** Steps over which the value is multiplied by `decayRate` once (an integer ≥ 1). */
  readonly transitionSteps: number;
  /** The factor per `transitionSteps` steps (> 0; below 1 decays, above 1 grows). */
  readonly decayRate: number;
  /** Steps to hold `initialValue` before decaying starts. Default 0. */
  readonly transitionBegin?: number;
  /** Decay in whole steps of `transitionSteps` (a staircase) instead of continuously. Default false. */
  readonly staircase?: boolean;
  /** A bound the value never passes: a floor when decaying, a ceiling when growing. */
  readonly endValue?: number;
}

/**
 * Exponential decay, as optax's `exponential_decay` (and Keras's `ExponentialDecay` with
 * `transitionBegin` 0): with `t = step − transitionBegin`,
 * `value = initialValue · decayRate^(t / transitionSteps)` for `t > 0` (the exponent floored with
 * `staircase`), and `initialValue` for `t ≤ 0`; `endValue` then bounds it.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from '@strata/optim';
 *
 * const smooth = exponentialDecay({ initialValue: 1, transitionSteps: 10, decayRate: 0.5 });
 * smooth(10); // => 0.500
 * smooth(15); // => 0.354
 * const stairs = exponentialDecay({ initialValue: 1, transitionSteps: 10, decayRate: 0.5, staircase: true });
 * stairs(15); // => 0.500
 * const floored = exponentialDecay({ initialValue: 1, transitionSteps: 10, decayRate: 0.5, endValue: 0.2 });
 * floored(100); // => 0.200
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const label = 'exponentialDecay';
  assertKnownKeys(
    options,
    ['initialValue', 'transitionSteps', 'decayRate', 'transitionBegin', 'staircase', 'endValue'],
    label,
  );
  const {
    initialValue,
    transitionSteps,
    decayRate,
    transitionBegin = 0,
    staircase = false,
    endValue,
  } = options;
  assertNumber(initialValue, `${label}({initialValue})`);
  assertInteger(transitionSteps, `${label}({transitionSteps})`);
  assertNumber(decayRate, `${label}({decayRate})`, { min: 0, exclusiveMin: true });
  assertInteger(transitionBegin, `${label}({transitionBegin})`, 0);
  if (endValue !== undefined) assertNumber(endValue, `${label}({endValue})`);
  return (step) => {
    const t = step - transitionBegin;
    if (t <= 0) return initialValue;
    const p = staircase ? Math.floor(t / transitionSteps) : t / transitionSteps;
    const value = initialValue * decayRate ** p;
    if (endValue === undefined) return value;
    return decayRate < 1 ? Math.max(value, endValue) : Math.min(value, endValue);
  };
}
