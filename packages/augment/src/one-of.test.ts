import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { oneOf } from './one-of.js';
import { rot90 } from './rot90.js';

describe('oneOf', () => {
  const img = distinct(3, 3);
  const turns = [1, 2, 3].map((k) => JSON.stringify(run(rot90({ k }), { x: batchOf([img]) }).x[0]));

  it('gives each sample one of the candidates, chosen by weight', () => {
    const n = 600;
    const x = batchOf(Array.from({ length: n }, () => img));
    const out = run(oneOf([rot90({ k: 1 }), rot90({ k: 2 }), rot90({ k: 3 })], [3, 2, 1]), { x }).x;
    const counts = [0, 0, 0];
    for (const s of out) {
      const k = turns.indexOf(JSON.stringify(s));
      expect(k).toBeGreaterThanOrEqual(0);
      counts[k]!++;
    }
    // Expected 300, 200, 100; each within 5 standard deviations.
    [300, 200, 100].forEach((e, k) => {
      expect(Math.abs(counts[k]! - e)).toBeLessThan(5 * Math.sqrt(e));
    });
    expectNoLeak(oneOf([rot90({ k: 1 }), rot90({ k: 3 })]), { x });
    x.dispose();
  });

  it('refuses no candidates and mismatched weights', () => {
    expect(() => oneOf([])).toThrow(/at least one/);
    expect(() => oneOf([rot90()], [1, 2])).toThrow(/one weight per augmentation/);
    expect(() => oneOf([rot90()], [0])).toThrow(/must not all be 0/);
  });
});
