import { describe, expect, it } from 'vitest';
import { sgdrSchedule } from './sgdr-schedule.js';

const cosine = (max: number, min: number, t: number, T: number) =>
  min + (max - min) * 0.5 * (1 + Math.cos((Math.PI * t) / T));

describe('sgdrSchedule', () => {
  it('restarts every period with a fixed period', () => {
    const s = sgdrSchedule({ initialValue: 1, period: 4 });
    // Each cycle: 1, ½(1 + cos(π/4)), 0.5, ½(1 − cos(π/4)), then back to 1.
    const cycle = [1, 0.5 * (1 + Math.SQRT1_2), 0.5, 0.5 * (1 - Math.SQRT1_2)];
    for (let step = 0; step < 12; step++) expect(s(step)).toBeCloseTo(cycle[step % 4]!, 12);
  });
  it('grows each cycle by the multiplier: cycles [0, 3), [3, 9), [9, 21)', () => {
    const s = sgdrSchedule({ initialValue: 2, period: 3, periodMultiplier: 2, minValue: 0.5 });
    const expected: [number, number, number][] = [
      [0, 0, 3],
      [2, 2, 3],
      [3, 0, 6],
      [6, 3, 6],
      [8, 5, 6],
      [9, 0, 12],
      [15, 6, 12],
      [21, 0, 24],
    ];
    for (const [step, t, T] of expected) expect(s(step)).toBeCloseTo(cosine(2, 0.5, t, T), 12);
    expect(s(15)).toBeCloseTo(1.25, 12);
  });
  it('rejects bad options', () => {
    expect(() => sgdrSchedule({ initialValue: 1, period: 4, periodMultiplier: 1.5 })).toThrow(
      'sgdrSchedule({periodMultiplier}): must be a positive integer, got 1.5',
    );
  });
});
