import { describe, expect, it } from 'vitest';
import { exponentialDecay } from './exponential-decay.js';

describe('exponentialDecay', () => {
  it('decays continuously: 2 · 0.1^(step/4)', () => {
    const s = exponentialDecay({ initialValue: 2, transitionSteps: 4, decayRate: 0.1 });
    expect(s(0)).toBe(2);
    expect(s(2)).toBeCloseTo(2 * Math.sqrt(0.1), 12); // 0.632455…
    expect(s(4)).toBeCloseTo(0.2, 12);
    expect(s(8)).toBeCloseTo(0.02, 12);
  });
  it('in a staircase holds each value for transitionSteps steps, changing at the multiples', () => {
    const s = exponentialDecay({ initialValue: 1, transitionSteps: 3, decayRate: 0.5, staircase: true });
    expect([0, 1, 2, 3, 5, 6, 9].map(s)).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.125]);
  });
  it('holds initialValue until transitionBegin, then decays from it; endValue bounds it', () => {
    const s = exponentialDecay({ initialValue: 1, transitionSteps: 2, decayRate: 0.5, transitionBegin: 10 });
    expect([0, 10, 11, 12, 14].map(s).map((v) => +v.toFixed(12))).toEqual([
      1,
      1,
      +Math.SQRT1_2.toFixed(12),
      0.5,
      0.25,
    ]);
    const floor = exponentialDecay({ initialValue: 1, transitionSteps: 1, decayRate: 0.5, endValue: 0.3 });
    expect([1, 2, 3].map(floor)).toEqual([0.5, 0.3, 0.3]);
    const ceiling = exponentialDecay({ initialValue: 1, transitionSteps: 1, decayRate: 2, endValue: 3 });
    expect([1, 2, 3].map(ceiling)).toEqual([2, 3, 3]);
  });
  it('rejects bad options with labelled errors', () => {
    expect(() => exponentialDecay({ initialValue: 1, transitionSteps: 0, decayRate: 0.5 })).toThrow(
      'exponentialDecay({transitionSteps}): must be a positive integer, got 0',
    );
    expect(() => exponentialDecay({ initialValue: 1, transitionSteps: 1, decayRate: 0 })).toThrow(
      'exponentialDecay({decayRate}): must be a number > 0, got 0',
    );
  });
});
