// Test helper (not part of the package): gradients against central finite differences. A copy of
// the one in @strata/layers: concept packages share no code, tests included.
import { createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

export interface GradCheckOptions {
  /** Step of the central difference (default 1e-2; layers linear in each input are exact at any step). */
  readonly eps?: number;
  readonly rtol?: number;
  readonly atol?: number;
  /**
   * For piecewise functions (ReLU, max): a per-output code of the piece it is on (e.g. y > 0). A
   * coordinate whose ± steps land on different pieces crossed a kink, where a difference quotient does
   * not measure the derivative; it is skipped and counted.
   */
  readonly piece?: (y: number) => number;
  readonly seed?: number;
}

export interface GradCheckResult {
  readonly checked: number;
  readonly skipped: number;
  readonly maxAbsError: number;
  /** 'input i[j]: analytic a, numeric n' for each coordinate out of tolerance. */
  readonly failures: string[];
}

/**
 * Checks `tf.grads(f)` at `inputs` for the objective L = Σ f(inputs) ⊙ R (R fixed, standard normal, so
 * every output matters with its own weight) against (L(x + ε e_j) - L(x - ε e_j)) / 2ε, with L summed in
 * float64 from f's float32 outputs.
 */
export function checkGradients(
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: readonly tf.Tensor[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const { eps = 1e-2, rtol = 5e-4, atol = 1e-4, piece, seed = 12345 } = options;
  const y0 = tf.tidy(() => f(...inputs));
  const r = randomNormal(createRng(seed), y0.shape);
  y0.dispose();
  const weights = r.dataSync().slice();
  const analytic = tf.grads((...xs: tf.Tensor[]) => f(...xs))(inputs as tf.Tensor[], r);
  r.dispose();
  const evaluate = (xs: tf.Tensor[]) => {
    const y = tf.tidy(() => f(...xs));
    const values = y.dataSync().slice();
    y.dispose();
    let loss = 0;
    for (let k = 0; k < values.length; k++) loss += values[k]! * weights[k]!;
    return { loss, values };
  };
  let checked = 0;
  let skipped = 0;
  let maxAbsError = 0;
  const failures: string[] = [];
  inputs.forEach((input, i) => {
    const base = input.dataSync().slice() as Float32Array;
    const grad = analytic[i]!.dataSync();
    for (let j = 0; j < base.length; j++) {
      const at = (delta: number) => {
        const data = base.slice();
        data[j] = base[j]! + delta;
        const moved = tf.tensor(data, input.shape, 'float32');
        const out = evaluate(inputs.map((t, k) => (k === i ? moved : t)));
        moved.dispose();
        return { ...out, x: data[j]! };
      };
      const plus = at(eps);
      const minus = at(-eps);
      if (piece && plus.values.some((v, k) => piece(v) !== piece(minus.values[k]!))) {
        skipped++;
        continue;
      }
      const numeric = (plus.loss - minus.loss) / (plus.x - minus.x);
      const a = grad[j]!;
      const err = Math.abs(a - numeric);
      maxAbsError = Math.max(maxAbsError, err);
      checked++;
      if (err > atol + rtol * Math.max(Math.abs(a), Math.abs(numeric))) {
        failures.push(`input ${i}[${j}]: analytic ${a}, numeric ${numeric}`);
      }
    }
  });
  tf.dispose(analytic);
  return { checked, skipped, maxAbsError, failures };
}
