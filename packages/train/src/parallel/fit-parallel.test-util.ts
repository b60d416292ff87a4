// Shared by the tests of fit({ workers }).
import { flattenTree, type TensorTree } from '@strata/core';
import { disposeDeep } from '../dispose.js';
import type { FixtureArgs } from './classifier-setup.test-util.js';

export const fixtureModule = new URL('./classifier-setup.test-util.ts', import.meta.url);
export const SEED = 7;
/**
 * 325 rows in global batches of 33: each epoch nine batches of 33 (17 + 16 rows on two workers) and
 * one of 28 (14 + 14), so the shares are uneven and the average must weight them by rows.
 */
export const ARGS: FixtureArgs = { samples: 325, batch: 33, validation: true };

export const values = (tree: TensorTree): Record<string, number[]> =>
  Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [k, Array.from(t.dataSync())]));

/** The largest relative difference ‖a − b‖ / ‖b‖ over the leaves. */
export function relativeDifference(a: TensorTree, b: TensorTree): number {
  const va = values(a);
  let worst = 0;
  for (const [key, y] of Object.entries(values(b))) {
    const x = va[key]!;
    let diff = 0;
    let norm = 0;
    y.forEach((v, i) => {
      diff += (x[i]! - v) ** 2;
      norm += v ** 2;
    });
    worst = Math.max(worst, Math.sqrt(diff / norm));
  }
  return worst;
}

export function disposeResults(
  ...results: { params: TensorTree; state: TensorTree; optState: unknown }[]
): void {
  for (const r of results) disposeDeep([r.params, r.state, r.optState]);
}
