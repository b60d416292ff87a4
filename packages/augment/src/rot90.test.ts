import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { rot90 } from './rot90.js';

/** np.rot90(m, 1) on (H, W): out[i][j] = m[j][W - 1 - i], shape W × H. */
function rotOnce(m: number[][][]): number[][][] {
  const h = m.length;
  const w = m[0]!.length;
  return Array.from({ length: w }, (_, i) => Array.from({ length: h }, (_, j) => m[j]![w - 1 - i]!));
}

describe('rot90', () => {
  const img = distinct(2, 3, 2);

  it('turns counter-clockwise as np.rot90, for k = 1, 2, 3, -1 and 4', () => {
    const x = batchOf([img, distinct(2, 3, 2, 100)]);
    let want = [img, distinct(2, 3, 2, 100)];
    // np.rot90([[1, 2], [3, 4]]) = [[2, 4], [1, 3]]: the literal case, independent of rotOnce.
    expect(
      run(rot90(), {
        x: batchOf([
          [
            [[1], [2]],
            [[3], [4]],
          ],
        ]),
      }).x,
    ).toEqual([
      [
        [[2], [4]],
        [[1], [3]],
      ],
    ]);
    for (const k of [1, 2, 3]) {
      want = want.map(rotOnce);
      expect(run(rot90({ k }), { x }).x).toEqual(want);
    }
    expect(run(rot90({ k: -1 }), { x }).x).toEqual(want);
    expect(run(rot90({ k: 4 }), { x }).x).toEqual([img, distinct(2, 3, 2, 100)]);
    x.dispose();
  });

  it('passes labels through as copies and leaks nothing', () => {
    const x = batchOf([img]);
    const y = tf.tensor2d([[0, 1]]);
    expect(run(rot90(), { x, y }).y).toEqual([[0, 1]]);
    expectNoLeak(rot90({ k: 3 }), { x, y });
    tf.dispose([x, y]);
  });
});
