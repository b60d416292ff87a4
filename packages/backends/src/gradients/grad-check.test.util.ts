/**
 * Test support (not part of the package): checks analytic gradients from `tf.grads` against central
 * finite differences, and runs a table of such cases for one family of gradient configs.
 *
 * The reference: for a scalar L(x) = Σ w · f(x) with fixed random weights w (so every output element
 * carries a different upstream gradient), dL/dx_j ≈ (L(x + h e_j) - L(x - h e_j)) / (2h). f runs in
 * float32, but L is summed in float64 from f's outputs, and 2h is the float32 distance actually
 * stepped, so the estimate's error is f's own rounding (~6e-8 relative per element) over 2h plus the
 * O(h²) truncation term.
 */
import { createRng, type Rng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from './register-gradients.js';

export interface GradCase {
  /** What the case covers, e.g. 'Add broadcasting [2,3] + [3]'. */
  readonly name: string;
  /** Kernels whose gradients the case exercises; each must run in f's forward pass. */
  readonly kernels: readonly string[];
  /** Builds the inputs (fresh tensors; the checker disposes them). */
  readonly inputs: (rng: Rng) => tf.Tensor[];
  /** The function differentiated; it may return several tensors (their weighted sums add up). */
  readonly f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  /** Which inputs to differentiate (default: all). */
  readonly wrt?: readonly number[];
  /** Finite-difference step (default 1e-3). */
  readonly h?: number;
  /** Relative tolerance (default 1e-2). */
  readonly rtol?: number;
  /** Absolute tolerance, as a fraction of the largest reference gradient (at least 1); default 2e-3. */
  readonly atol?: number;
}

export interface GradMismatch {
  readonly input: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

// ---- input builders -------------------------------------------------------------------------------

const sizeOf = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** Uniform values in [min, max). */
export function uniform(rng: Rng, shape: readonly number[], min = -1, max = 1): tf.Tensor {
  const values = Array.from({ length: sizeOf(shape) }, () => min + (max - min) * rng.next());
  return tf.tensor(values, [...shape], 'float32');
}

/**
 * Uniform values in [min, max) at least `gap` away from every point in `kinks`, so that a step of h
 * never crosses a point where the function is not differentiable (0 for relu, integers for floor).
 */
export function awayFrom(
  rng: Rng,
  shape: readonly number[],
  kinks: readonly number[],
  min = -2,
  max = 2,
  gap = 0.05,
): tf.Tensor {
  const draw = (): number => {
    for (;;) {
      const v = min + (max - min) * rng.next();
      if (kinks.every((k) => Math.abs(v - k) >= gap)) return v;
    }
  };
  return tf.tensor(Array.from({ length: sizeOf(shape) }, draw), [...shape], 'float32');
}

/** Distinct values `spacing` apart in random order, so maxima and minima are unique and stable. */
export function distinct(rng: Rng, shape: readonly number[], spacing = 0.05): tf.Tensor {
  const n = sizeOf(shape);
  const values = Array.from({ length: n }, (_, i) => (i - n / 2) * spacing);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  return tf.tensor(values, [...shape], 'float32');
}

/** An int32 tensor (indices, segment ids). */
export function ints(values: readonly number[], shape?: readonly number[]): tf.Tensor {
  return tf.tensor(values as number[], shape ? [...shape] : [values.length], 'int32');
}

// ---- the check ------------------------------------------------------------------------------------

function outputsOf(f: GradCase['f'], xs: tf.Tensor[]): tf.Tensor[] {
  const y = f(...xs);
  return Array.isArray(y) ? y : [y];
}

/** Σ w · f(xs) in float64. */
function weightedSum(f: GradCase['f'], xs: tf.Tensor[], weights: readonly Float64Array[]): number {
  const ys = tf.tidy(() => outputsOf(f, xs));
  let total = 0;
  ys.forEach((y, k) => {
    const values = y.dataSync();
    const w = weights[k] as Float64Array;
    for (let i = 0; i < values.length; i++) total += (w[i] as number) * (values[i] as number);
  });
  tf.dispose(ys);
  return total;
}

/**
 * Compares `tf.grads` of Σ w · f with central finite differences for the inputs in `wrt`; returns
 * the elements that disagree (empty when all agree).
 */
export function compareGradients(
  f: GradCase['f'],
  xs: tf.Tensor[],
  rng: Rng,
  options: Pick<GradCase, 'wrt' | 'h' | 'rtol' | 'atol'> = {},
): GradMismatch[] {
  const { wrt = xs.map((_, i) => i), h = 1e-3, rtol = 1e-2, atol = 2e-3 } = options;
  const shapes = tf.tidy(() => outputsOf(f, xs).map((y) => y.shape));
  const weights = shapes.map((s) => Float64Array.from({ length: sizeOf(s) }, () => 2 * rng.next() - 1));

  // Analytic: a vector-Jacobian product with the weights as the upstream gradient. Several outputs
  // are flattened and concatenated into one so tf.grads sees a single result.
  const analytic = tf.tidy(() => {
    const single = shapes.length === 1;
    const dy = single
      ? tf.tensor(Array.from(weights[0] as Float64Array), shapes[0])
      : tf.tensor(
          weights.flatMap((w) => Array.from(w)),
          [weights.reduce((n, w) => n + w.length, 0)],
        );
    const g = (...sub: tf.Tensor[]) => {
      const args = xs.map((x, i) => (wrt.includes(i) ? (sub[wrt.indexOf(i)] as tf.Tensor) : x));
      const ys = outputsOf(f, args);
      return single ? (ys[0] as tf.Tensor) : tf.concat(ys.map((y) => tf.reshape(y, [-1])));
    };
    return tf.grads(g)(
      wrt.map((i) => xs[i] as tf.Tensor),
      dy,
    );
  });
  const analyticValues = analytic.map((t) => t.dataSync().slice());
  tf.dispose(analytic);

  const mismatches: GradMismatch[] = [];
  wrt.forEach((inputIndex, k) => {
    const x = xs[inputIndex] as tf.Tensor;
    const base = x.dataSync().slice() as Float32Array;
    const numeric = new Float64Array(base.length);
    for (let j = 0; j < base.length; j++) {
      const v = base[j] as number;
      const evaluate = (value: number) => {
        const data = base.slice();
        data[j] = value;
        const moved = tf.tensor(data, x.shape, 'float32');
        const args = xs.map((t, i) => (i === inputIndex ? moved : t));
        const total = weightedSum(f, args, weights);
        moved.dispose();
        return total;
      };
      const up = Math.fround(v + h);
      const down = Math.fround(v - h);
      numeric[j] = (evaluate(up) - evaluate(down)) / (up - down);
    }
    const scale = Math.max(1, ...Array.from(numeric, Math.abs));
    const a = analyticValues[k] as ArrayLike<number>;
    for (let j = 0; j < numeric.length; j++) {
      const an = a[j] as number;
      const nu = numeric[j] as number;
      if (!(Math.abs(an - nu) <= atol * scale + rtol * Math.max(Math.abs(an), Math.abs(nu)))) {
        mismatches.push({ input: inputIndex, index: j, analytic: an, numeric: nu });
      }
    }
  });
  return mismatches;
}

/** The kernels f dispatches in its forward pass. */
async function kernelsRun(f: GradCase['f'], xs: tf.Tensor[]): Promise<string[]> {
  const info = await tf.profile(() => tf.tidy(() => outputsOf(f, xs)));
  tf.dispose(info.result as tf.Tensor[]);
  return info.kernelNames;
}

/** Runs one case: kernels dispatched, gradients against finite differences, no leaked tensors. */
export async function checkCase(c: GradCase, seed: number): Promise<void> {
  const before = tf.memory().numTensors;
  const rng = createRng(seed);
  const xs = c.inputs(rng);
  try {
    const ran = await kernelsRun(c.f, xs);
    for (const kernel of c.kernels) expect(ran, `${c.name}: kernels dispatched`).toContain(kernel);
    const mismatches = compareGradients(c.f, xs, rng, c);
    expect(mismatches.slice(0, 5), `${c.name}: ${mismatches.length} gradient elements differ`).toEqual([]);
  } finally {
    tf.dispose(xs);
  }
  expect(tf.memory().numTensors, `${c.name}: tensors leaked`).toBe(before);
}

/**
 * The test suite for one family: registers Strata's gradients, checks each config is the one
 * registered, that every config is exercised by some case, and runs every case.
 */
export function describeFamily(
  title: string,
  configs: readonly tf.GradConfig[],
  cases: readonly GradCase[],
): void {
  describe(title, () => {
    beforeAll(() => {
      registerGradients();
    });

    it("registers Strata's config for every kernel of the family", () => {
      for (const config of configs) expect(tf.getGradient(config.kernelName)).toBe(config);
    });

    it('has a finite-difference case for every kernel of the family', () => {
      const covered = new Set(cases.flatMap((c) => c.kernels));
      expect(configs.map((c) => c.kernelName).filter((k) => !covered.has(k))).toEqual([]);
    });

    cases.forEach((c, i) => {
      it(c.name, async () => {
        await checkCase(c, 1000 + i);
      });
    });
  });
}
