import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertKnownKeys, assertNumber, ConfigError } from '../errors.js';
import { createRng } from '../pcg32.js';
import { randomNormal } from '../random.js';
import type { Rng } from '../types.js';

/** The function under test: one tensor, or several (their weighted sums add up). */
export type GradientCheckFunction = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

export interface CheckGradientsOptions {
  /** Positions of the inputs to differentiate (default: all). Others, e.g. int32 indices, stay fixed. */
  readonly wrt?: readonly number[];
  /**
   * Finite-difference step h (default 1e-3). The estimate's error is the O(h²) truncation term plus
   * f's float32 rounding over 2h, so a function linear in its inputs is exact at any step, and a
   * larger step (1e-2 … 0.5) tames rounding where the curvature is small.
   */
  readonly step?: number;
  /** Relative tolerance, on the larger of the two magnitudes (default 5e-4). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-4). */
  readonly atol?: number;
  /**
   * Multiplies `atol` by max(1, the largest |numeric derivative| of the same input), so entries near
   * zero in a large gradient are judged on that gradient's scale, where rounding in f puts them
   * (default false).
   */
  readonly scaleAtol?: boolean;
  /**
   * For piecewise functions (ReLU, max): a code of the piece each output value lies on, e.g.
   * `(y) => (y > 0 ? 1 : 0)`. A coordinate whose two steps land any output on different pieces
   * crossed a kink, where a difference quotient does not measure the derivative; it is skipped and
   * counted.
   */
  readonly piece?: (y: number) => number;
  /** Draws the cotangent weights (default `createRng(0)`). */
  readonly rng?: Rng;
}

/** One derivative that disagrees: input position, flat index into it, and both values. */
export interface GradientMismatch {
  readonly input: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

export interface GradientCheckReport {
  /** Coordinates compared. */
  readonly checked: number;
  /** Coordinates skipped because a step crossed a kink (see `piece`). */
  readonly skipped: number;
  /** The largest |analytic − numeric| over the checked coordinates. */
  readonly maxAbsError: number;
  /** Every coordinate out of tolerance (empty when the gradients agree). */
  readonly failures: GradientMismatch[];
}

const KNOWN = ['wrt', 'step', 'rtol', 'atol', 'scaleAtol', 'piece', 'rng'];

const outputsOf = (f: GradientCheckFunction, xs: tf.Tensor[]): tf.Tensor[] => {
  const y = f(...xs);
  return Array.isArray(y) ? y : [y];
};

function checkWrt(wrt: readonly number[], inputs: readonly tf.Tensor[]): void {
  const label = 'checkGradients({wrt})';
  wrt.forEach((i, k) => {
    assertInteger(i, `${label}[${k}]`, 0);
    const x = inputs[i];
    if (x === undefined) {
      throw new ConfigError(label, `input ${i} does not exist: f was given ${inputs.length} inputs`);
    }
    if (x.dtype !== 'float32') {
      throw new ConfigError(
        label,
        `input ${i} is ${x.dtype}; only float32 inputs can be stepped, leave it out`,
      );
    }
  });
  if (new Set(wrt).size !== wrt.length) throw new ConfigError(label, `lists an input twice: [${wrt}]`);
}

/**
 * Checks the gradients that `tf.grads` computes for `f` against central finite differences.
 *
 * The objective is L = Σ_k R_k · f(inputs)_k with fixed standard-normal cotangent weights R, so every
 * output element carries its own upstream gradient and a wrong vector–Jacobian product cannot cancel
 * out. Each coordinate x_j of each input in `wrt` is stepped both ways in float32, and
 * (L(x + h e_j) − L(x − h e_j)) / (x_j⁺ − x_j⁻) is compared with the analytic dL/dx_j; L is summed in
 * float64 from f's outputs and the divisor is the distance actually stepped after float32 rounding.
 * A coordinate passes when |analytic − numeric| ≤ atol + rtol · max(|analytic|, |numeric|) (NaN fails).
 *
 * Returns a report rather than asserting, so it works under any test runner. It runs f twice per
 * coordinate: keep the inputs small (tens to a few hundred elements). It takes no ownership of
 * `inputs` and leaves no tensors behind.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { customOp } from '@strata/core';
 * import { checkGradients } from '@strata/core/testing';
 *
 * // A hand-written gradient to verify: d/dx x³ = 3x².
 * const cube = customOp(([x], save) => {
 *   save([x!]);
 *   return { value: tf.pow(x!, 3), gradFunc: (dy, [s]) => [tf.mul(dy, tf.mul(3, tf.square(s!)))] };
 * });
 * const x = tf.tensor2d([[0.5, -1], [2, 1.5]]);
 * const report = checkGradients((t) => cube(t), [x]);
 * if (report.failures.length > 0) throw new Error(`gradient mismatch: ${JSON.stringify(report.failures)}`);
 * x.dispose(); // report.checked is 4
 * ```
 */
export function checkGradients(
  f: GradientCheckFunction,
  inputs: readonly tf.Tensor[],
  options: CheckGradientsOptions = {},
): GradientCheckReport {
  assertKnownKeys(options, KNOWN, 'checkGradients');
  const {
    wrt = inputs.map((_, i) => i),
    step = 1e-3,
    rtol = 5e-4,
    atol = 1e-4,
    scaleAtol = false,
    piece,
    rng = createRng(0),
  } = options;
  assertNumber(step, 'checkGradients({step})', { min: 0, exclusiveMin: true });
  assertNumber(rtol, 'checkGradients({rtol})', { min: 0 });
  assertNumber(atol, 'checkGradients({atol})', { min: 0 });
  checkWrt(wrt, inputs);
  const xs = [...inputs];

  const shapes = tf.tidy(() => outputsOf(f, xs).map((y) => y.shape));
  const weights = shapes.map((shape) => {
    const r = randomNormal(rng, shape);
    const values = r.dataSync().slice() as Float32Array;
    r.dispose();
    return values;
  });

  // Analytic: a vector–Jacobian product with the weights as the upstream gradient, one per output,
  // summed outside the tape (so f needs gradients for its own ops only, none for a concat). The
  // engine's own `gradients` allows an output that does not depend on every input (zero there).
  const analytic = tf.tidy(() => {
    const wrtInputs = wrt.map((i) => xs[i]!);
    const perOutput = shapes.map((shape, k) => {
      const output = () => outputsOf(f, xs)[k]!;
      return tf.engine().gradients(output, wrtInputs, tf.tensor(weights[k]!, shape, 'float32'), true).grads;
    });
    return wrtInputs.map((x, n) => {
      const terms = perOutput.map((g) => g[n]).filter((g): g is tf.Tensor => g != null);
      return terms.length === 0 ? tf.zerosLike(x) : tf.addN(terms);
    });
  });
  const analyticValues = analytic.map((t) => t.dataSync().slice());
  tf.dispose(analytic);

  // L at the inputs with input `i` replaced, in float64; the outputs' values too when `piece` needs them.
  const evaluate = (i: number, moved: tf.Tensor) => {
    const ys = tf.tidy(() =>
      outputsOf(
        f,
        xs.map((x, k) => (k === i ? moved : x)),
      ),
    );
    let loss = 0;
    const values: number[] = [];
    ys.forEach((y, k) => {
      const v = y.dataSync();
      const w = weights[k]!;
      for (let n = 0; n < v.length; n++) loss += w[n]! * v[n]!;
      if (piece) for (const value of v) values.push(value);
    });
    tf.dispose(ys);
    return { loss, values };
  };

  let checked = 0;
  let skipped = 0;
  let maxAbsError = 0;
  const failures: GradientMismatch[] = [];
  wrt.forEach((i, k) => {
    const x = xs[i]!;
    const base = x.dataSync().slice() as Float32Array;
    const numeric = new Float64Array(base.length).fill(Number.NaN);
    const kink = new Uint8Array(base.length);
    for (let j = 0; j < base.length; j++) {
      const at = (delta: number) => {
        const data = base.slice();
        data[j] = base[j]! + delta; // rounded to float32 by the array
        const moved = tf.tensor(data, x.shape, 'float32');
        const out = evaluate(i, moved);
        moved.dispose();
        return { ...out, x: data[j]! };
      };
      const plus = at(step);
      const minus = at(-step);
      if (piece && plus.values.some((v, n) => piece(v) !== piece(minus.values[n]!))) {
        kink[j] = 1;
        continue;
      }
      numeric[j] = (plus.loss - minus.loss) / (plus.x - minus.x);
    }
    let scale = 1;
    if (scaleAtol)
      for (let j = 0; j < base.length; j++) if (!kink[j]) scale = Math.max(scale, Math.abs(numeric[j]!));
    const a = analyticValues[k]!;
    for (let j = 0; j < base.length; j++) {
      if (kink[j]) {
        skipped++;
        continue;
      }
      const an = a[j]!;
      const nu = numeric[j]!;
      const err = Math.abs(an - nu);
      checked++;
      maxAbsError = Math.max(maxAbsError, err);
      if (!(err <= atol * scale + rtol * Math.max(Math.abs(an), Math.abs(nu)))) {
        failures.push({ input: i, index: j, analytic: an, numeric: nu });
      }
    }
  });
  return { checked, skipped, maxAbsError, failures };
}
