import { ConfigError } from './errors.js';
import type { Schedule } from './types.js';

/**
 * The value of a `number | Schedule` option at `step` (0-based), checked: a rate must be a finite
 * number ≥ 0, and a schedule that returns NaN or a negative number fails loudly with `label` rather
 * than training on garbage.
 *
 * @example
 * ```ts
 * import { resolveRate } from '@strata/core';
 *
 * resolveRate(0.1, 7, 'sgd({learningRate})'); // => 0.1
 * resolveRate((step) => 0.5 ** step, 3, 'sgd({learningRate})'); // => 0.125
 * ```
 */
export function resolveRate(rate: number | Schedule, step: number, label: string): number {
  const value = typeof rate === 'function' ? rate(step) : rate;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(
      label,
      `${typeof rate === 'function' ? `schedule(${step}) returned` : 'got'} ${String(value)}; a rate must be a finite number ≥ 0`,
    );
  }
  return value;
}

/**
 * Checks a `number | Schedule` option up front, when the transformation is made: a number must be a
 * finite number ≥ 0, anything else must be a function (a schedule is checked by `resolveRate` each
 * time it is called, as only then is its value known).
 *
 * @example
 * ```ts
 * import { assertRate } from '@strata/core';
 *
 * assertRate(0.01, 'adam({learningRate})'); // passes
 * assertRate((step: number) => 0.01 / (1 + step), 'adam({learningRate})'); // passes
 * let message = '';
 * try {
 *   assertRate(-1, 'adam({learningRate})');
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * message; // => 'adam({learningRate}): got -1; a rate must be a finite number ≥ 0'
 * ```
 */
export function assertRate(rate: unknown, label: string): asserts rate is number | Schedule {
  if (typeof rate === 'function') return;
  resolveRate(rate as number, 0, label);
}
