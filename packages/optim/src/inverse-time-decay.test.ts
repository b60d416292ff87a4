import { describe, expect, it } from 'vitest';
import { inverseTimeDecay } from './inverse-time-decay.js';

describe('inverseTimeDecay', () => {
  it('follows init / (1 + rate · step / steps)', () => {
    const s = inverseTimeDecay({ initialValue: 1, decaySteps: 2, decayRate: 1 });
    // 1 / (1 + step/2)
    expect([0, 1, 2, 6].map(s)).toEqual([1, 1 / 1.5, 0.5, 0.25]);
  });
  it('in a staircase changes only at multiples of decaySteps', () => {
    const s = inverseTimeDecay({ initialValue: 3, decaySteps: 4, decayRate: 2, staircase: true });
    // 3 / (1 + 2·floor(step/4)): steps 0–3 → 3, 4–7 → 1, 8 → 0.6
    expect([0, 3, 4, 7, 8].map(s)).toEqual([3, 3, 1, 1, 0.6]);
  });
  it('rejects bad options', () => {
    expect(() => inverseTimeDecay({ initialValue: 1, decaySteps: 2, decayRate: -1 })).toThrow(
      'inverseTimeDecay({decayRate}): must be a number ≥ 0, got -1',
    );
    expect(() =>
      inverseTimeDecay({ initialValue: 1, decaySteps: 2, decayRate: 1, stair: true } as never),
    ).toThrow("inverseTimeDecay: unknown option 'stair'");
  });
});
