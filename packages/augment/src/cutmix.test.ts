import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeak } from './augment-checks.test-util.js';
import { cutmix } from './cutmix.js';

describe('cutmix', () => {
  it('pastes one rectangle from the partner and mixes the labels by its exact area', () => {
    const n = 16;
    const h = 8;
    const w = 6;
    const x = tf.tensor4d(Array.from({ length: n }, (_, i) => Array(h * w).fill(i + 1)).flat(), [n, h, w, 1]);
    const y = tf.cast(
      tf.oneHot(
        tf.tensor1d(
          Array.from({ length: n }, (_, i) => i),
          'int32',
        ),
        n,
      ),
      'float32',
    );
    const out = cutmix({ alpha: 1 })({ x, y }, createRng(4));
    const xs = out.x.arraySync();
    const ys = out.y!.arraySync() as number[][];
    let mixedSamples = 0;
    for (let i = 0; i < n; i++) {
      const pixels = xs[i]!.flatMap((row, r) => row.map((p, c) => [r, c, p[0]!] as const));
      const pasted = pixels.filter(([, , v]) => v !== i + 1);
      const partners = new Set(pasted.map(([, , v]) => v - 1));
      expect(partners.size).toBeLessThanOrEqual(1);
      // The pasted pixels are one solid rectangle.
      const rows = new Set(pasted.map(([r]) => r)).size;
      const cols = new Set(pasted.map(([, c]) => c)).size;
      expect(pasted.length).toBe(rows * cols);
      // λ' = 1 - area / (H·W): the label keeps λ' on its own class and gives the rest to the partner.
      const share = pasted.length / (h * w);
      const row = ys[i]!;
      if (partners.size === 1) {
        mixedSamples++;
        const p = [...partners][0]!;
        expect(row[p]).toBeCloseTo(share, 5);
        expect(row[i]).toBeCloseTo(1 - share, 5);
      } else {
        // No pasted pixel differs: an empty box, or the partner is the sample itself.
        expect(row[i]).toBeCloseTo(1, 5);
      }
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(mixedSamples).toBeGreaterThan(n / 2);
    expectNoLeak(cutmix(), { x, y });
    tf.dispose([x, y, out.x, out.y!]);
  });

  it('the pasted share follows 1 - λ for λ ~ Beta(α, α): mean ½ for any α', () => {
    const n = 2000;
    const x = tf.tensor4d(Array.from({ length: n }, (_, i) => Array(100).fill(i % 2)).flat(), [n, 10, 10, 1]);
    const y = tf.tensor2d(Array.from({ length: n }, (_, i) => (i % 2 ? [0, 1] : [1, 0])).flat(), [n, 2]);
    const out = cutmix({ alpha: 2 })({ x, y }, createRng(11));
    const ys = out.y!.arraySync() as number[][];
    // Samples of class 0 with a class-1 partner: ỹ[1] is the pasted share (clipped boxes shrink it a little).
    const shares = ys
      .filter((_, i) => i % 2 === 0)
      .map((r) => r[1]!)
      .filter((s) => s > 0);
    const m = shares.reduce((a, b) => a + b, 0) / shares.length;
    expect(m).toBeGreaterThan(0.3);
    expect(m).toBeLessThan(0.5);
    tf.dispose([x, y, out.x, out.y!]);
  });
});
