import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, run } from './augment-checks.test-util.js';
import { randomErasing } from './random-erasing.js';

describe('randomErasing', () => {
  it('erases one rectangle inside the image with the given probability, area and aspect', () => {
    const x = tf.ones([400, 10, 10, 1]) as tf.Tensor4D;
    const out = run(randomErasing({ probability: 0.5, area: [0.1, 0.3], aspect: [0.5, 2], fillValue: -1 }), {
      x,
    }).x;
    let erased = 0;
    for (const img of out) {
      const cells = img.flatMap((row, r) => row.flatMap((p, c) => (p[0] === -1 ? [[r, c] as const] : [])));
      if (cells.length === 0) continue;
      erased++;
      const rows = new Set(cells.map(([r]) => r)).size;
      const cols = new Set(cells.map(([, c]) => c)).size;
      expect(cells.length).toBe(rows * cols);
      // Rounded sides of √(area·ratio) and √(area/ratio): the area stays near [10, 30] pixels.
      expect(cells.length).toBeGreaterThanOrEqual(6);
      expect(cells.length).toBeLessThanOrEqual(36);
      expect(rows / cols).toBeGreaterThanOrEqual(0.3);
      expect(rows / cols).toBeLessThanOrEqual(3);
    }
    // Binomial(400, ½): within 5 standard deviations (10).
    expect(Math.abs(erased - 200)).toBeLessThan(50);
    expectNoLeak(randomErasing(), { x });
    x.dispose();
  });
});
