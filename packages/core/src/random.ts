import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumber } from './errors.js';
import type { Rng } from './types.js';

type Dims = readonly number[];

function sizeOf(shape: Dims, label: string): number {
  for (const [i, d] of shape.entries()) assertInteger(d, `${label}: shape[${i}]`, 0);
  return shape.reduce((a, b) => a * b, 1);
}

/** Uniform floats in [min, max). The caller owns the returned tensor. */
export function randomUniform(rng: Rng, shape: Dims, min = 0, max = 1): tf.Tensor {
  const n = sizeOf(shape, 'randomUniform');
  const out = new Float32Array(n);
  const width = max - min;
  for (let i = 0; i < n; i++) out[i] = min + width * rng.next();
  return tf.tensor(out, shape as number[], 'float32');
}

/** A standard normal draw by the Box–Muller transform (uses two uniforms). */
function normalDraw(rng: Rng): number {
  const u1 = 1 - rng.next(); // (0, 1]: log(0) would be -Infinity
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Normal floats with the given mean and standard deviation. */
export function randomNormal(rng: Rng, shape: Dims, mean = 0, stddev = 1): tf.Tensor {
  assertNumber(stddev, 'randomNormal(stddev)', { min: 0 });
  const n = sizeOf(shape, 'randomNormal');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + stddev * normalDraw(rng);
  return tf.tensor(out, shape as number[], 'float32');
}

/**
 * Normal floats redrawn until within two standard deviations of the mean, as TensorFlow's
 * `truncated_normal` defines it (so the result's standard deviation is about 0.88 × `stddev`).
 */
export function truncatedNormal(rng: Rng, shape: Dims, mean = 0, stddev = 1): tf.Tensor {
  assertNumber(stddev, 'truncatedNormal(stddev)', { min: 0 });
  const n = sizeOf(shape, 'truncatedNormal');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = normalDraw(rng);
    while (Math.abs(z) > 2) z = normalDraw(rng);
    out[i] = mean + stddev * z;
  }
  return tf.tensor(out, shape as number[], 'float32');
}

/** 1 with probability `p`, else 0 (float32). */
export function bernoulli(rng: Rng, shape: Dims, p: number): tf.Tensor {
  assertNumber(p, 'bernoulli(p)', { min: 0, max: 1 });
  const n = sizeOf(shape, 'bernoulli');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() < p ? 1 : 0;
  return tf.tensor(out, shape as number[], 'float32');
}

/** A uniform integer in [0, n) without modulo bias (Lemire's rejection on 32-bit draws). */
export function randomInt(rng: Rng, n: number): number {
  assertInteger(n, 'randomInt(n)');
  if (n > 0x1_0000_0000) return Math.floor(rng.next() * n);
  const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
  let x = rng.nextUint32();
  while (x >= limit) x = rng.nextUint32();
  return x % n;
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates), as plain indices. */
export function permutationIndices(rng: Rng, n: number): Int32Array {
  assertInteger(n, 'permutation(n)', 0);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** A uniformly random permutation of 0..n-1 as an int32 tensor. */
export function permutation(rng: Rng, n: number): tf.Tensor1D {
  return tf.tensor1d(permutationIndices(rng, n), 'int32');
}
