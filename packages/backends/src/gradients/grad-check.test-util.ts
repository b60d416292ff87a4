/**
 * Test support (not part of the package): runs a table of gradient cases for one family of gradient
 * configs. Each case is checked by `checkGradients` from @strata/core/testing (analytic `tf.grads`
 * against central finite differences); what is particular to kernels is here: the input builders, a
 * check that the case dispatches the kernels it claims to cover, and the family suite.
 */
import { createRng, type Rng } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
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
  readonly step?: number;
  /** Relative tolerance (default 1e-2). */
  readonly rtol?: number;
  /** Absolute tolerance, as a fraction of the largest reference gradient (at least 1); default 2e-3. */
  readonly atol?: number;
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
    // The absolute tolerance is on the scale of the input's largest derivative: kernels such as sums
    // and matrix products round their large outputs, and with them the near-zero derivatives.
    const { failures } = checkGradients(c.f, xs, {
      ...(c.wrt ? { wrt: c.wrt } : {}),
      step: c.step ?? 1e-3,
      rtol: c.rtol ?? 1e-2,
      atol: c.atol ?? 2e-3,
      scaleAtol: true,
      rng,
    });
    expect(failures.slice(0, 5), `${c.name}: ${failures.length} gradient elements differ`).toEqual([]);
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
