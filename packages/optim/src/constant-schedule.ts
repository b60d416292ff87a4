import { assertNumber, type Schedule } from '@strata/core';

/**
 * The same value at every step, as optax's `constant_schedule`: a `Schedule` where an option takes one.
 *
 * @example
 * ```ts
 * import { constantSchedule } from '@strata/optim';
 *
 * const schedule = constantSchedule(0.01);
 * schedule(0); // => 0.0100
 * schedule(1e6); // => 0.0100
 * ```
 */
export function constantSchedule(value: number): Schedule {
  assertNumber(value, 'constantSchedule(value)');
  return () => value;
}
