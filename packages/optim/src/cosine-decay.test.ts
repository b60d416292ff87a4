import { describe, expect, it } from 'vitest';
import { cosineDecay } from './cosine-decay.js';

describe('cosineDecay', () => {
  it('follows the closed form: start, midpoint, end and after', () => {
    const s = cosineDecay({ initialValue: 2, decaySteps: 100, alpha: 0.1 });
    expect(s(0)).toBeCloseTo(2, 12);
    // Midpoint: cos(π/2) = 0 → 2 · (0.9 · 0.5 + 0.1) = 1.1
    expect(s(50)).toBeCloseTo(1.1, 12);
    // A quarter: 2 · (0.9 · 0.5 · (1 + cos(π/4)) + 0.1)
    expect(s(25)).toBeCloseTo(2 * (0.45 * (1 + Math.SQRT1_2) + 0.1), 12);
    expect(s(100)).toBeCloseTo(0.2, 12);
    expect(s(1000)).toBeCloseTo(0.2, 12);
  });

  it('decreases monotonically and rejects bad options', () => {
    const s = cosineDecay({ initialValue: 1, decaySteps: 10 });
    for (let i = 0; i < 10; i++) expect(s(i + 1)).toBeLessThan(s(i));
    expect(() => cosineDecay({ initialValue: 1, decaySteps: 0 })).toThrow(
      'cosineDecay({decaySteps}): must be a positive integer, got 0',
    );
    expect(() => cosineDecay({ initialValue: 1, decaySteps: 5, alpha: 2 })).toThrow('cosineDecay({alpha})');
  });
});
