import { assertInteger, ConfigError, type Schedule } from '@strata/core';

/**
 * Joins schedules end to end, as optax's `join_schedules`: `schedules[0]` runs before
 * `boundaries[0]`; from step `boundaries[i]` on, `schedules[i + 1]` runs, restarted from 0 at its
 * boundary (it sees `step − boundaries[i]`). So a warmup followed by a decay is
 * `joinSchedules([warmup, decay], [warmupSteps])`.
 *
 * @example
 * ```ts
 * import { constantSchedule, joinSchedules, linearSchedule } from '@strata/optim';
 *
 * const warmup = linearSchedule({ initialValue: 0, endValue: 1, transitionSteps: 10 });
 * const decay = linearSchedule({ initialValue: 1, endValue: 0.5, transitionSteps: 10 });
 * const schedule = joinSchedules([warmup, decay, constantSchedule(0.1)], [10, 30]);
 * schedule(5); // => 0.500
 * schedule(10); // => 1.00
 * schedule(15); // => 0.750
 * schedule(30); // => 0.100
 * ```
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  const label = 'joinSchedules';
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new ConfigError(`${label}(schedules)`, 'must be a non-empty array of schedules');
  }
  schedules.forEach((s, i) => {
    if (typeof s !== 'function') {
      throw new ConfigError(
        `${label}(schedules)[${i}]`,
        `must be a function (step) => number, got ${typeof s}`,
      );
    }
  });
  if (!Array.isArray(boundaries) || boundaries.length !== schedules.length - 1) {
    throw new ConfigError(
      `${label}(boundaries)`,
      `must hold one boundary between each two schedules (${schedules.length - 1}), got ${Array.isArray(boundaries) ? boundaries.length : typeof boundaries}`,
    );
  }
  boundaries.forEach((b, i) => {
    assertInteger(b, `${label}(boundaries)[${i}]`, 0);
    if (i > 0 && b <= boundaries[i - 1]!) {
      throw new ConfigError(
        `${label}(boundaries)`,
        `must be strictly increasing, got ${boundaries[i - 1]} then ${b}`,
      );
    }
  });
  const ss = schedules.slice();
  const bs = boundaries.slice();
  return (step) => {
    let i = 0;
    while (i < bs.length && step >= bs[i]!) i++;
    return ss[i]!(i === 0 ? step : step - bs[i - 1]!);
  };
}
