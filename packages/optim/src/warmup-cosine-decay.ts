import { assertInteger, assertKnownKeys, assertNumber, ConfigError, type Schedule } from '@strata/core';

export interface WarmupCosineDecayOptions {
  /** The value at step 0, where the warmup starts. Default 0. */
  readonly initialValue?: number;
  /** The value the warmup reaches at `warmupSteps`, where the cosine starts. */
  readonly peakValue: number;
  /** Linear warmup steps (an integer ≥ 0). */
  readonly warmupSteps: number;
  /** Total steps, warmup included (as in optax), after which `endValue` holds; > `warmupSteps`. */
  readonly decaySteps: number;
  /** The value at `decaySteps` and after. Default 0. */
  readonly endValue?: number;
}

/**
 * A linear warmup from `initialValue` to `peakValue` over `warmupSteps`, then a cosine decay to
 * `endValue` at `decaySteps` (counted from step 0, warmup included), as optax's
 * `warmup_cosine_decay_schedule`. With `D = decaySteps − warmupSteps` and
 * `t = min(step − warmupSteps, D) / D` after the warmup:
 * `value = endValue + (peakValue − endValue) · ½ · (1 + cos(π·t))`.
 *
 * @example
 * ```ts
 * import { adam, warmupCosineDecay } from '@strata/optim';
 *
 * const schedule = warmupCosineDecay({ peakValue: 1e-3, warmupSteps: 100, decaySteps: 1100, endValue: 1e-5 });
 * schedule(50); // => 0.000500
 * schedule(100); // => 0.00100
 * // Halfway through the decay: (1e-3 + 1e-5) / 2.
 * schedule(600); // => 0.000505
 * schedule(1100); // => 0.0000100
 * const optimizer = adam({ learningRate: schedule });
 * ```
 */
export function warmupCosineDecay(options: WarmupCosineDecayOptions): Schedule {
  const label = 'warmupCosineDecay';
  assertKnownKeys(options, ['initialValue', 'peakValue', 'warmupSteps', 'decaySteps', 'endValue'], label);
  const { initialValue = 0, peakValue, warmupSteps, decaySteps, endValue = 0 } = options;
  assertNumber(initialValue, `${label}({initialValue})`);
  assertNumber(peakValue, `${label}({peakValue})`);
  assertInteger(warmupSteps, `${label}({warmupSteps})`, 0);
  assertInteger(decaySteps, `${label}({decaySteps})`);
  assertNumber(endValue, `${label}({endValue})`);
  if (decaySteps <= warmupSteps) {
    throw new ConfigError(
      `${label}({decaySteps})`,
      `counts the warmup too, so it must exceed warmupSteps (${warmupSteps}), got ${decaySteps}`,
    );
  }
  const cosineSteps = decaySteps - warmupSteps;
  return (step) => {
    if (step < warmupSteps)
      return initialValue + ((peakValue - initialValue) * Math.max(step, 0)) / warmupSteps;
    const t = Math.min(step - warmupSteps, cosineSteps) / cosineSteps;
    return endValue + (peakValue - endValue) * 0.5 * (1 + Math.cos(Math.PI * t));
  };
}
