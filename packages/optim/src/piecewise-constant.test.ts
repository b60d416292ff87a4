import { describe, expect, it } from 'vitest';
import { piecewiseConstant } from './piecewise-constant.js';

describe('piecewiseConstant', () => {
  it('changes value at each boundary step (optax: count >= boundary)', () => {
    const s = piecewiseConstant({ boundaries: [3, 5], values: [1, 0.5, 0.25] });
    expect([0, 1, 2, 3, 4, 5, 6, 100].map(s)).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25]);
  });
  it('with no boundaries is constant', () => {
    const s = piecewiseConstant({ boundaries: [], values: [7] });
    expect([0, 10].map(s)).toEqual([7, 7]);
  });
  it('rejects mismatched lengths, unsorted boundaries and unknown options', () => {
    expect(() => piecewiseConstant({ boundaries: [1], values: [1] })).toThrow(
      'piecewiseConstant({values}): must hold one more value than boundaries (2), got 1',
    );
    expect(() => piecewiseConstant({ boundaries: [5, 5], values: [1, 2, 3] })).toThrow(
      'piecewiseConstant({boundaries}): must be strictly increasing, got 5 then 5',
    );
    expect(() => piecewiseConstant({ boundaries: [-1], values: [1, 2] })).toThrow(
      'piecewiseConstant({boundaries})[0]: must be a number ≥ 0, got -1',
    );
    expect(() => piecewiseConstant({ boundaries: [], values: [1], step: 2 } as never)).toThrow(
      "piecewiseConstant: unknown option 'step'",
    );
  });
});
