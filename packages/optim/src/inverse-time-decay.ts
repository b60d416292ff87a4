import { assertInteger, assertKnownKeys, assertNumber, type Schedule } from '@strata/core';

export interface InverseTimeDecayOptions {
  readonly initialValue: number;
  /** Steps per unit of decay time (an integer ≥ 1). */
  readonly decaySteps: number;
  /** How fast the value falls (≥ 0). */
  readonly decayRate: number;
  /** Count decay time in whole units of `decaySteps`. Default false. */
  readonly staircase?: boolean;
}

/**
 * Inverse-time decay, as Keras's `InverseTimeDecay`:
 * `value = initialValue / (1 + decayRate · step / decaySteps)`, with `step / decaySteps` floored when
 * `staircase`.
 *
 * @example
 * ```ts
 * import { inverseTimeDecay } from '@strata/optim';
 *
 * const schedule = inverseTimeDecay({ initialValue: 0.1, decaySteps: 10, decayRate: 0.5 });
 * schedule(20); // => 0.0500
 * schedule(5); // => 0.0800
 * const stairs = inverseTimeDecay({ initialValue: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
 * stairs(5); // => 0.100
 * ```
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): Schedule {
  const label = 'inverseTimeDecay';
  assertKnownKeys(options, ['initialValue', 'decaySteps', 'decayRate', 'staircase'], label);
  const { initialValue, decaySteps, decayRate, staircase = false } = options;
  assertNumber(initialValue, `${label}({initialValue})`);
  assertInteger(decaySteps, `${label}({decaySteps})`);
  assertNumber(decayRate, `${label}({decayRate})`, { min: 0 });
  return (step) => {
    const p = Math.max(step, 0) / decaySteps;
    return initialValue / (1 + decayRate * (staircase ? Math.floor(p) : p));
  };
}
