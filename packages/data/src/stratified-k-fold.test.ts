import { describe, expect, it } from 'vitest';
import { expectPartition } from './folds.test-util.js';
import { stratifiedKFold } from './stratified-k-fold.js';

describe('stratifiedKFold', () => {
  it('keeps class proportions: each fold holds ⌊c/k⌋ or ⌈c/k⌉ of every class', () => {
    // Classes of 50, 30, 13 and 7 items, interleaved.
    const sizes = { a: 50, b: 30, c: 13, d: 7 } as const;
    const items = Object.entries(sizes).flatMap(([y, c]) => Array.from({ length: c }, () => y));
    for (let seed = 0; seed < 5; seed++) {
      const folds = stratifiedKFold(items, { k: 4, seed, stratifyBy: (y) => y });
      expectPartition(folds, items.length);
      for (const [y, c] of Object.entries(sizes)) {
        for (const f of folds) {
          const n = f.test.filter((v) => v === y).length;
          expect(n === Math.floor(c / 4) || n === Math.ceil(c / 4)).toBe(true);
        }
      }
      const lengths = folds.map((f) => f.test.length);
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    }
  });

  it('is reproducible by seed', () => {
    const items = Array.from({ length: 40 }, (_, i) => i % 3);
    const opts = { k: 5, stratifyBy: (y: number) => y };
    expect(stratifiedKFold(items, { ...opts, seed: 2 })).toEqual(
      stratifiedKFold(items, { ...opts, seed: 2 }),
    );
    expect(stratifiedKFold(items, { ...opts, seed: 2 })[0]!.testIndices).not.toEqual(
      stratifiedKFold(items, { ...opts, seed: 3 })[0]!.testIndices,
    );
    expect(() => stratifiedKFold(items, { k: 2, seed: 0 } as never)).toThrow(/must be a function/);
  });
});
