import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeak } from './augment-checks.test-util.js';
import { mixup } from './mixup.js';

/** n images, image i filled with the value 10^(i mod 4)·(i + 1)-ish distinct constants, one-hot labels. */
function constants(n: number) {
  const values = Array.from({ length: n }, (_, i) => i + 1);
  const x = tf.tensor4d(
    values.flatMap((v) => [v, v, v, v]),
    [n, 2, 2, 1],
  );
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => i),
      'int32',
    ),
    n,
  );
  return { values, x, y: tf.cast(y, 'float32') };
}

describe('mixup', () => {
  it('blends each sample with a partner by one λ, in the images and the labels alike', () => {
    const n = 12;
    const { values, x, y } = constants(n);
    const out = mixup({ alpha: 0.4 })({ x, y }, createRng(5));
    const xs = out.x.arraySync();
    const ys = out.y!.arraySync() as number[][];
    const partners = new Set<number>();
    for (let i = 0; i < n; i++) {
      const row = ys[i]!;
      // Label i has weight λ on its own class and 1 - λ on its partner's (all on i when π(i) = i).
      const others = row.map((v, k) => [k, v] as const).filter(([k, v]) => k !== i && v > 1e-7);
      expect(others.length).toBeLessThanOrEqual(1);
      const lambda = row[i]!;
      const partner = others[0]?.[0] ?? i;
      partners.add(partner);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      // Every pixel is λ·v_i + (1 - λ)·v_π(i): the same λ as the label's.
      for (const v of xs[i]!.flat(2))
        expect(v).toBeCloseTo(lambda * values[i]! + (1 - lambda) * values[partner]!, 4);
    }
    // The partners form a permutation of the batch.
    expect(partners.size).toBeGreaterThan(n / 2);
    tf.dispose([x, y, out.x, out.y!]);
  });

  it('λ follows Beta(α, α): mean ½, variance 1/(4(2α + 1))', () => {
    const n = 4000;
    const alpha = 0.5;
    const x = tf.zeros([n, 1, 1, 1]) as tf.Tensor4D;
    // Two-class labels [1, 0] and [0, 1] alternate; a sample mixed with a same-class partner tells
    // nothing, so read λ from those whose partner has the other label: ỹ[own] = λ.
    const own = Array.from({ length: n }, (_, i) => i % 2);
    const y = tf.tensor2d(
      own.flatMap((c) => (c === 0 ? [1, 0] : [0, 1])),
      [n, 2],
    );
    const out = mixup({ alpha })({ x, y }, createRng(9));
    const ys = out.y!.arraySync() as number[][];
    const lambdas = ys.map((row, i) => row[own[i]!]!).filter((l) => l < 1 - 1e-6);
    const m = lambdas.reduce((a, b) => a + b, 0) / lambdas.length;
    const v = lambdas.reduce((a, b) => a + (b - m) ** 2, 0) / lambdas.length;
    // Partners of the other class are about half; their λ are Beta draws (a same-class partner gives 1).
    expect(lambdas.length).toBeGreaterThan(n / 2 - 200);
    expect(Math.abs(m - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(v - 1 / (4 * (2 * alpha + 1)))).toBeLessThan(0.01);
    tf.dispose([x, y, out.x, out.y!]);
  });

  it('needs one-hot labels and leaks nothing', () => {
    const { x, y } = constants(4);
    expect(() => mixup()({ x }, createRng(0))).toThrow(/needs labels y/);
    const sparse = tf.tensor1d([0, 1, 2, 3], 'int32');
    expect(() => mixup()({ x, y: sparse }, createRng(0))).toThrow(/one-hot encode/);
    expectNoLeak(mixup(), { x, y });
    tf.dispose([x, y, sparse]);
  });
});
