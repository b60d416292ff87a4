import { expect } from 'vitest';
import type { Fold } from './folds.js';

/** The test parts are disjoint and cover 0..n-1; each train is the complement of its test, in order. */
export function expectPartition(folds: readonly Fold<unknown>[], n: number): void {
  const all = folds.flatMap((f) => f.testIndices).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
  for (const f of folds) {
    const test = new Set(f.testIndices);
    expect(f.trainIndices).toEqual(Array.from({ length: n }, (_, i) => i).filter((i) => !test.has(i)));
    expect(f.testIndices).toEqual([...f.testIndices].sort((a, b) => a - b));
  }
}
