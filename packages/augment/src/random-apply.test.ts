import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { mixup } from './mixup.js';
import { randomApply } from './random-apply.js';
import { rot90 } from './rot90.js';

describe('randomApply', () => {
  const img = distinct(3, 3);
  const turned = run(rot90(), { x: batchOf([img]) }).x[0]!;

  it('applies the augmentation to each sample with probability p', () => {
    const n = 400;
    const x = batchOf(Array.from({ length: n }, () => img));
    for (const p of [0, 0.3, 1]) {
      const out = run(randomApply(rot90(), p), { x }).x;
      let applied = 0;
      for (const s of out) {
        if (JSON.stringify(s) === JSON.stringify(turned)) applied++;
        else expect(s).toEqual(img);
      }
      // Binomial(400, p): within 5 standard deviations.
      expect(Math.abs(applied - n * p)).toBeLessThanOrEqual(5 * Math.sqrt(n * p * (1 - p)));
    }
    expectNoLeak(randomApply(rot90(), 0.5), { x });
    x.dispose();
  });

  it('keeps labels with their images, and refuses an augmentation that changes the shape', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [4, 1, 1, 1]);
    const y = tf.tensor2d([1, 0, 0, 1, 1, 0, 0, 1], [4, 2]);
    const out = randomApply(mixup({ alpha: 1 }), 0.5)({ x, y }, createRng(2));
    const xs = out.x.dataSync();
    const ys = out.y!.arraySync() as number[][];
    // An untouched sample keeps its image and its label; a mixed one has both mixed.
    for (let i = 0; i < 4; i++) {
      if (xs[i] === i + 1) expect(ys[i]).toEqual(i % 2 ? [0, 1] : [1, 0]);
    }
    const wide = batchOf([distinct(2, 3)]);
    expect(() => randomApply(rot90(), 1)({ x: wide }, createRng(0))).toThrow(/keep the batch's shape/);
    tf.dispose([x, y, out.x, out.y!, wide]);
  });
});
