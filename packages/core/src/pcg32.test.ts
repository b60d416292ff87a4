import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng, Pcg32 } from './pcg32.js';
import { bernoulli, permutationIndices, randomNormal, randomUniform, truncatedNormal } from './random.js';

/** The published PCG32 algorithm in BigInt arithmetic, as an independent reference. */
function referencePcg32(initState: bigint, initSeq: bigint) {
  const M = (1n << 64n) - 1n;
  let state = 0n;
  const inc = ((initSeq << 1n) | 1n) & M;
  const step = () => {
    state = (state * 6364136223846793005n + inc) & M;
  };
  step();
  state = (state + initState) & M;
  step();
  return () => {
    const old = state;
    step();
    const xorshifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorshifted >>> rot) | (xorshifted << (-rot & 31))) >>> 0;
  };
}

describe('Pcg32', () => {
  it('matches the reference vectors of pcg32-demo (initstate 42, initseq 54)', () => {
    // Output of the PCG reference implementation's demo program, round 1.
    const expected = [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e];
    const rng = new Pcg32([0, 42], [0, 54], 42);
    expect(expected.map(() => rng.nextUint32())).toEqual(expected);
  });

  it('matches a BigInt implementation for large seeds and streams', () => {
    const seeds: [bigint, bigint][] = [
      [0xdeadbeefcafebaben, 0x0123456789abcdefn],
      [0xffffffffffffffffn, 0xffffffffffffffffn],
      [2n ** 53n - 1n, 7n],
    ];
    for (const [s, q] of seeds) {
      const ref = referencePcg32(s, q);
      const half = (x: bigint): [number, number] => [Number(x >> 32n), Number(x & 0xffffffffn)];
      const rng = new Pcg32(half(s), half(q), 0);
      for (let i = 0; i < 1000; i++) expect(rng.nextUint32()).toBe(ref());
    }
  });

  it('gives the same stream for the same seed, and different streams for different seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    expect(a.seed()).toBe(7);
  });

  it('splits into streams that differ from each other and from the parent', () => {
    const parent = createRng(1);
    const [x, y] = parent.split();
    const take = (r: { nextUint32(): number }) => Array.from({ length: 64 }, () => r.nextUint32());
    const sx = take(x!);
    const sy = take(y!);
    const sp = take(parent);
    expect(sx).not.toEqual(sy);
    expect(sx).not.toEqual(sp);
    // Few coincidences between independent 32-bit streams.
    expect(sx.filter((v, i) => v === sy[i]).length).toBe(0);
    // Splitting is deterministic.
    const [x2] = createRng(1).split();
    expect(take(x2!)).toEqual(sx);
  });

  it('passes a chi-square uniformity test (100 bins, 100k draws)', () => {
    const rng = createRng(2024);
    const bins = new Array(100).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) bins[Math.floor(rng.next() * 100)]++;
    const expected = n / 100;
    const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    // 99 degrees of freedom: the 0.999 quantile is 148.2, the 0.001 quantile 63.0.
    expect(chi2).toBeLessThan(148.2);
    expect(chi2).toBeGreaterThan(63.0);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    expect(() => createRng(-1)).toThrow(/createRng\(seed\): seed must be an integer/);
    expect(() => createRng(1.5)).toThrow(/got 1.5/);
  });
});

describe('random tensors', () => {
  const stats = (t: tf.Tensor) => {
    const v = Array.from(t.dataSync());
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
    return { mean, std: Math.sqrt(variance), min: Math.min(...v), max: Math.max(...v) };
  };

  it('uniform has mean (a+b)/2 and variance (b-a)^2/12', () => {
    const t = randomUniform(createRng(3), [200, 100], -1, 3);
    const s = stats(t);
    expect(t.shape).toEqual([200, 100]);
    expect(s.mean).toBeCloseTo(1, 1);
    expect(s.std).toBeCloseTo(4 / Math.sqrt(12), 1);
    expect(s.min).toBeGreaterThanOrEqual(-1);
    expect(s.max).toBeLessThan(3);
    t.dispose();
  });

  it('normal has the requested mean and standard deviation', () => {
    const t = randomNormal(createRng(4), [50_000], 2, 0.5);
    const s = stats(t);
    expect(s.mean).toBeCloseTo(2, 2);
    expect(s.std).toBeCloseTo(0.5, 2);
    t.dispose();
  });

  it('truncated normal stays within 2σ and has std ≈ 0.8796σ (closed form)', () => {
    const t = truncatedNormal(createRng(5), [50_000], 0, 1);
    const s = stats(t);
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThanOrEqual(2);
    // Var of N(0,1) truncated to [-2, 2] = 1 - 2·2·φ(2)/(2Φ(2)-1) = 0.7737 → std 0.8796.
    expect(s.std).toBeCloseTo(0.8796, 2);
    t.dispose();
  });

  it('bernoulli has mean p', () => {
    const t = bernoulli(createRng(6), [40_000], 0.3);
    expect(stats(t).mean).toBeCloseTo(0.3, 2);
    t.dispose();
  });

  it('permutation holds each index once and is seeded', () => {
    const p = permutationIndices(createRng(9), 1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...permutationIndices(createRng(9), 1000)]).toEqual([...p]);
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
