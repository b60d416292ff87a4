import { describe, expect, it } from 'vitest';
import { warmupCosineDecay } from './warmup-cosine-decay.js';

describe('warmupCosineDecay', () => {
  it('warms up linearly, peaks at warmupSteps and follows the cosine to endValue', () => {
    const s = warmupCosineDecay({
      initialValue: 0.1,
      peakValue: 1.1,
      warmupSteps: 4,
      decaySteps: 12,
      endValue: 0.1,
    });
    expect(s(0)).toBeCloseTo(0.1, 12);
    expect(s(2)).toBeCloseTo(0.6, 12);
    expect(s(4)).toBeCloseTo(1.1, 12);
    // t = 2/8: 0.1 + 1 · ½(1 + cos(π/4))
    expect(s(6)).toBeCloseTo(0.1 + 0.5 * (1 + Math.SQRT1_2), 12);
    expect(s(8)).toBeCloseTo(0.6, 12);
    expect(s(12)).toBeCloseTo(0.1, 12);
    expect(s(50)).toBeCloseTo(0.1, 12);
  });
  it('without warmup starts at the peak', () => {
    const s = warmupCosineDecay({ peakValue: 2, warmupSteps: 0, decaySteps: 10 });
    expect(s(0)).toBe(2);
    expect(s(5)).toBeCloseTo(1, 12);
  });
  it('rejects decaySteps that do not exceed the warmup', () => {
    expect(() => warmupCosineDecay({ peakValue: 1, warmupSteps: 10, decaySteps: 10 })).toThrow(
      'warmupCosineDecay({decaySteps}): counts the warmup too, so it must exceed warmupSteps (10), got 10',
    );
  });
});
