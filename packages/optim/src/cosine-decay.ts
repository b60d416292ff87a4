import { assertInteger, assertNumber, type Schedule } from '@strata/core';

export interface CosineDecayOptions {
  readonly initialValue: number;
  /** Steps over which the value decays; it stays at `alpha · initialValue` afterwards. */
  readonly decaySteps: number;
  /** The final value as a fraction of `initialValue`. Default 0. */
  readonly alpha?: number;
}

/**
 * Cosine decay (Loshchilov & Hutter 2017, "SGDR", without restarts), as optax's `cosine_decay_schedule`
 * and Keras's `CosineDecay` define it:
 * `value(step) = initialValue · ((1 − alpha) · ½ · (1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)`.
 *
 * @example
 * ```ts
 * import { adam, cosineDecay } from '@strata/optim';
 *
 * const schedule = cosineDecay({ initialValue: 1e-3, decaySteps: 1000, alpha: 0.1 });
 * schedule(0); // => 0.0010000
 * // Halfway the cosine term is (1 + cos(π/2)) / 2 = 0.5: 1e-3 · (0.9 · 0.5 + 0.1).
 * schedule(500); // => 0.00055000
 * schedule(1000); // => 0.00010000
 * const optimizer = adam({ learningRate: schedule });
 * ```
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const { initialValue, decaySteps, alpha = 0 } = options;
  assertNumber(initialValue, 'cosineDecay({initialValue})');
  assertInteger(decaySteps, 'cosineDecay({decaySteps})');
  assertNumber(alpha, 'cosineDecay({alpha})', { min: 0, max: 1 });
  return (step) => {
    const t = Math.min(Math.max(step, 0), decaySteps) / decaySteps;
    return initialValue * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * t)) + alpha);
  };
}
