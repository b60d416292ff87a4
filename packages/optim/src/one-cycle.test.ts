import { describe, expect, it } from 'vitest';
import { oneCycle } from './one-cycle.js';

describe('oneCycle', () => {
  // PyTorch OneCycleLR(max_lr=1, total_steps=11, pct_start=0.3, div_factor=25, final_div_factor=1e4):
  // phase one ends at 0.3·11 − 1 = 2.3; phase two spans 2.3 → 10.
  const { rate, momentum } = oneCycle({ maxValue: 1, totalSteps: 11 });
  const cos = (start: number, end: number, pct: number) =>
    end + ((start - end) / 2) * (1 + Math.cos(Math.PI * pct));

  it('rises from max/div to max over phase one, by a cosine', () => {
    expect(rate(0)).toBeCloseTo(0.04, 12);
    expect(rate(1)).toBeCloseTo(cos(0.04, 1, 1 / 2.3), 12);
    expect(rate(2)).toBeCloseTo(cos(0.04, 1, 2 / 2.3), 12);
    expect(rate(2.3)).toBeCloseTo(1, 12);
  });
  it('falls to max/(div·finalDiv) at the last step, and holds it afterwards', () => {
    expect(rate(3)).toBeCloseTo(cos(1, 4e-6, 0.7 / 7.7), 12);
    expect(rate(6.15)).toBeCloseTo((1 + 4e-6) / 2, 12);
    expect(rate(10)).toBeCloseTo(4e-6, 15);
    expect(rate(20)).toBeCloseTo(4e-6, 15);
  });
  it('moves momentum opposite to the rate: 0.95 → 0.85 → 0.95', () => {
    expect(momentum(0)).toBeCloseTo(0.95, 12);
    expect(momentum(1)).toBeCloseTo(cos(0.95, 0.85, 1 / 2.3), 12);
    expect(momentum(2.3)).toBeCloseTo(0.85, 12);
    expect(momentum(6.15)).toBeCloseTo(0.9, 12);
    expect(momentum(10)).toBeCloseTo(0.95, 12);
  });
  it('rejects a peak outside the cycle and bad options', () => {
    expect(() => oneCycle({ maxValue: 1, totalSteps: 2, pctStart: 0.3 })).toThrow(
      'oneCycle({pctStart}): puts the peak at step -0.4, which must lie strictly between 0 and the last step 1',
    );
    expect(() => oneCycle({ maxValue: 1, totalSteps: 10, divFactor: 0 })).toThrow(
      'oneCycle({divFactor}): must be a number > 0, got 0',
    );
  });
});
