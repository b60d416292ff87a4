import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomFlip } from './random-flip.js';

const img = distinct(3, 4, 2);
// Hand mirrors: column j ↔ W-1-j, row i ↔ H-1-i.
const mirrorH = img.map((row) => row.map((_, j) => row[row.length - 1 - j]!));
const mirrorV = img.map((_, i) => img[img.length - 1 - i]!);
const both = mirrorV.map((row) => row.map((_, j) => row[row.length - 1 - j]!));

describe('randomFlip', () => {
  const x = batchOf(Array.from({ length: 32 }, () => img));

  it.each([
    ['horizontal', [img, mirrorH]],
    ['vertical', [img, mirrorV]],
    ['horizontal_and_vertical', [img, mirrorH, mirrorV, both]],
  ] as const)(
    '%s: each sample is one of the allowed mirror images, and every one occurs',
    (mode, allowed) => {
      const out = run(randomFlip({ mode }), { x }).x;
      const seen = new Set<number>();
      for (const s of out) {
        const k = allowed.findIndex((a) => JSON.stringify(a) === JSON.stringify(s));
        expect(k).toBeGreaterThanOrEqual(0);
        seen.add(k);
      }
      expect(seen.size).toBe(allowed.length);
    },
  );

  it('is reproducible by seed and leaks nothing', () => {
    expect(run(randomFlip(), { x }, 7).x).toEqual(run(randomFlip(), { x }, 7).x);
    expect(run(randomFlip(), { x }, 7).x).not.toEqual(run(randomFlip(), { x }, 8).x);
    expectNoLeak(randomFlip({ mode: 'horizontal_and_vertical' }), { x });
  });

  it('refuses an unknown mode and a batch that is not NHWC', () => {
    expect(() => randomFlip({ mode: 'diagonal' as 'vertical' })).toThrow(/randomFlip\(\{mode\}\)/);
    const flat = tf.zeros([2, 3]);
    expect(() => randomFlip()({ x: flat as tf.Tensor4D }, { next: () => 0 } as never)).toThrow(
      /\[N, H, W, C\].*\[2, 3\]/,
    );
    flat.dispose();
  });
});
