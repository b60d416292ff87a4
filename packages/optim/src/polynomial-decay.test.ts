import { describe, expect, it } from 'vitest';
import { polynomialDecay } from './polynomial-decay.js';

describe('polynomialDecay', () => {
  it('follows (init − end)·(1 − t/T)^p + end, holding end after T', () => {
    const s = polynomialDecay({ initialValue: 2, endValue: 0, decaySteps: 4, power: 3 });
    // 2·(1 − t/4)³ at t = 0..4: 2, 0.84375, 0.25, 0.03125, 0
    expect([0, 1, 2, 3, 4, 9].map(s)).toEqual([2, 0.84375, 0.25, 0.03125, 0, 0]);
  });
  it('is linear with power 1 (Keras default end value 1e-4) and waits for transitionBegin', () => {
    const s = polynomialDecay({ initialValue: 1, decaySteps: 10, transitionBegin: 5 });
    expect(s(0)).toBe(1);
    expect(s(5)).toBe(1);
    expect(s(10)).toBeCloseTo((1 - 1e-4) * 0.5 + 1e-4, 12);
    expect(s(15)).toBeCloseTo(1e-4, 12);
  });
  it('with cycle, restarts over the next multiple of decaySteps (Keras)', () => {
    const s = polynomialDecay({ initialValue: 1, endValue: 0, decaySteps: 4, cycle: true });
    // t = 4: period 4 → 0; t = 5: period 8 → 1 − 5/8; t = 8: 0; t = 10: period 12 → 1 − 10/12.
    expect(s(4)).toBe(0);
    expect(s(5)).toBeCloseTo(3 / 8, 12);
    expect(s(8)).toBe(0);
    expect(s(10)).toBeCloseTo(1 / 6, 12);
  });
  it('rejects bad options', () => {
    expect(() => polynomialDecay({ initialValue: 1, decaySteps: 1.5 })).toThrow(
      'polynomialDecay({decaySteps}): must be a positive integer, got 1.5',
    );
    expect(() => polynomialDecay({ initialValue: 1, decaySteps: 2, power: 0 })).toThrow(
      'polynomialDecay({power}): must be a number > 0, got 0',
    );
  });
});
