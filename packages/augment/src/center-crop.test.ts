import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { centerCrop } from './center-crop.js';

describe('centerCrop', () => {
  it('cuts the central window, the odd margin dropped at the bottom/right', () => {
    const img = distinct(5, 4, 2);
    const out = run(centerCrop({ height: 2, width: 2 }), { x: batchOf([img]) }).x[0]!;
    // (5 - 2)/2 → row 1; (4 - 2)/2 → column 1.
    expect(out).toEqual([img[1]!.slice(1, 3), img[2]!.slice(1, 3)]);
    expect(() => run(centerCrop({ height: 6, width: 2 }), { x: batchOf([img]) })).toThrow(
      /larger than the 5×4/,
    );
    expectNoLeak(centerCrop({ height: 3, width: 3 }), { x: batchOf([img]) });
  });
});
