import { assertKnownKeys, assertNumber, ConfigError, type Schedule } from '@strata/core';

export interface PiecewiseConstantOptions {
  /** Strictly increasing steps (integers ≥ 0) at which the value changes. */
  readonly boundaries: readonly number[];
  /** One more value than boundaries: `values[i]` holds from `boundaries[i − 1]` up to `boundaries[i] − 1`. */
  readonly values: readonly number[];
}

/**
 * A piecewise-constant schedule: `values[0]` before `boundaries[0]`, then `values[i]` from step
 * `boundaries[i − 1]` on. A boundary `b` is a number of steps: the value changes once `b` updates have
 * been made, so step `b` itself (the `b+1`-th update, counted from 0) already takes the new value, as
 * optax's `piecewise_constant_schedule` computes it (`count >= boundary`). Keras's
 * `PiecewiseConstantDecay` changes one step later (`step > boundary`); to port a Keras schedule, add 1
 * to each boundary. Values are given directly (optax takes multiplicative scales instead).
 *
 * @example
 * ```ts
 * import { piecewiseConstant, sgd } from '@strata/optim';
 *
 * const schedule = piecewiseConstant({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] });
 * schedule(99); // => 0.100
 * schedule(100); // => 0.0100
 * schedule(199); // => 0.0100
 * schedule(200); // => 0.00100
 * const optimizer = sgd({ learningRate: schedule });
 * ```
 */
export function piecewiseConstant(options: PiecewiseConstantOptions): Schedule {
  const label = 'piecewiseConstant';
  assertKnownKeys(options, ['boundaries', 'values'], label);
  const { boundaries, values } = options;
  if (!Array.isArray(boundaries)) {
    throw new ConfigError(`${label}({boundaries})`, 'must be an array of steps');
  }
  if (!Array.isArray(values) || values.length !== boundaries.length + 1) {
    throw new ConfigError(
      `${label}({values})`,
      `must hold one more value than boundaries (${boundaries.length + 1}), got ${Array.isArray(values) ? values.length : typeof values}`,
    );
  }
  boundaries.forEach((b, i) => {
    assertNumber(b, `${label}({boundaries})[${i}]`, { min: 0 });
    if (i > 0 && b <= boundaries[i - 1]!) {
      throw new ConfigError(
        `${label}({boundaries})`,
        `must be strictly increasing, got ${boundaries[i - 1]} then ${b}`,
      );
    }
  });
  for (const [i, v] of values.entries()) assertNumber(v, `${label}({values})[${i}]`);
  const bs = boundaries.slice();
  const vs = values.slice();
  return (step) => {
    let i = 0;
    while (i < bs.length && step >= bs[i]!) i++;
    return vs[i]!;
  };
}
