import { assertInteger, assertKnownKeys, assertNumber, type Schedule } from '@strata/core';

export interface PolynomialDecayOptions {
  readonly initialValue: number;
  /** The value reached at `transitionBegin + decaySteps` and held afterwards. Default 0.0001 (Keras). */
  readonly endValue?: number;
  /** Steps from `initialValue` to `endValue` (an integer ≥ 1). */
  readonly decaySteps: number;
  /** The polynomial's power; 1 is linear. Default 1. */
  readonly power?: number;
  /** Steps to hold `initialValue` before decaying starts. Default 0. */
  readonly transitionBegin?: number;
  /**
   * Keras's `cycle`: past `decaySteps`, stretch the period to the next multiple of `decaySteps`
   * (so the value jumps back up and decays again, more slowly). Default false.
   */
  readonly cycle?: boolean;
}

/**
 * Polynomial decay, as Keras's `PolynomialDecay` and optax's `polynomial_schedule`: with
 * `t = clamp(step − transitionBegin, 0, decaySteps)`,
 * `value = (initialValue − endValue) · (1 − t / decaySteps)^power + endValue`. With `cycle`, the
 * period becomes `decaySteps · ceil(t / decaySteps)` instead of clamping (Keras's formula).
 *
 * @example
 * ```ts
 * import { polynomialDecay } from '@strata/optim';
 *
 * const schedule = polynomialDecay({ initialValue: 1, endValue: 0.1, decaySteps: 10, power: 2 });
 * // (1 − 0.1) · (1 − 5/10)² + 0.1
 * schedule(5); // => 0.325
 * schedule(10); // => 0.100
 * schedule(50); // => 0.100
 * ```
 */
export function polynomialDecay(options: PolynomialDecayOptions): Schedule {
  const label = 'polynomialDecay';
  assertKnownKeys(
    options,
    ['initialValue', 'endValue', 'decaySteps', 'power', 'transitionBegin', 'cycle'],
    label,
  );
  const {
    initialValue,
    endValue = 0.0001,
    decaySteps,
    power = 1,
    transitionBegin = 0,
    cycle = false,
  } = options;
  assertNumber(initialValue, `${label}({initialValue})`);
  assertNumber(endValue, `${label}({endValue})`);
  assertInteger(decaySteps, `${label}({decaySteps})`);
  assertNumber(power, `${label}({power})`, { min: 0, exclusiveMin: true });
  assertInteger(transitionBegin, `${label}({transitionBegin})`, 0);
  return (step) => {
    const t = Math.max(step - transitionBegin, 0);
    // Keras: at t = 0 the cycled period is one decaySteps, not zero.
    const period = cycle ? decaySteps * Math.max(Math.ceil(t / decaySteps), 1) : decaySteps;
    const frac = 1 - Math.min(t, period) / period;
    return (initialValue - endValue) * frac ** power + endValue;
  };
}
