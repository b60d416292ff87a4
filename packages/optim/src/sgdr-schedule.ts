import { assertInteger, assertKnownKeys, assertNumber, type Schedule } from '@strata/core';

export interface SgdrScheduleOptions {
  /** The value at the start of each cycle (the paper's η_max). */
  readonly initialValue: number;
  /** The first cycle's length in steps (T_0, an integer ≥ 1). */
  readonly period: number;
  /** Each cycle is this many times longer than the one before (T_mult, an integer ≥ 1). Default 1. */
  readonly periodMultiplier?: number;
  /** The value each cycle decays to (η_min). Default 0. */
  readonly minValue?: number;
}

/**
 * Cosine annealing with warm restarts (Loshchilov & Hutter 2017, "SGDR", eq. 5), given as a first
 * period and a multiplier, as PyTorch's `CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)`: cycle
 * `i` lasts `period · periodMultiplier^i` steps; within it, at `t` steps from its start,
 * `value = minValue + (initialValue − minValue) · ½ · (1 + cos(π · t / T_i))`, and the next cycle
 * restarts at `initialValue`. optax's `sgdr_schedule` takes a list of cycles instead; build that form
 * with `joinSchedules` over `warmupCosineDecay`s (it also allows a warmup and a peak per cycle).
 *
 * @example
 * ```ts
 * import { sgdrSchedule } from '@strata/optim';
 *
 * // Cycles of 10, 20, 40, … steps.
 * const schedule = sgdrSchedule({ initialValue: 0.1, period: 10, periodMultiplier: 2, minValue: 0.001 });
 * schedule(5); // => 0.0505
 * schedule(10); // => 0.100
 * schedule(20); // => 0.0505
 * schedule(30); // => 0.100
 * ```
 */
export function sgdrSchedule(options: SgdrScheduleOptions): Schedule {
  const label = 'sgdrSchedule';
  assertKnownKeys(options, ['initialValue', 'period', 'periodMultiplier', 'minValue'], label);
  const { initialValue, period, periodMultiplier = 1, minValue = 0 } = options;
  assertNumber(initialValue, `${label}({initialValue})`);
  assertInteger(period, `${label}({period})`);
  assertInteger(periodMultiplier, `${label}({periodMultiplier})`);
  assertNumber(minValue, `${label}({minValue})`);
  return (step) => {
    let t = Math.max(step, 0);
    let length = period;
    if (periodMultiplier === 1) {
      t %= period;
    } else {
      // Subtracting whole cycles keeps the restarts exact (PyTorch's log-based index can land one
      // cycle off at a boundary in floating point). Cycles grow geometrically: O(log step) rounds.
      while (t >= length) {
        t -= length;
        length *= periodMultiplier;
      }
    }
    return minValue + (initialValue - minValue) * 0.5 * (1 + Math.cos((Math.PI * t) / length));
  };
}
