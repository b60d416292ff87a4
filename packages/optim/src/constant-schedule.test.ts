import { describe, expect, it } from 'vitest';
import { constantSchedule } from './constant-schedule.js';

describe('constantSchedule', () => {
  it('returns its value at every step', () => {
    const s = constantSchedule(0.25);
    for (const step of [0, 1, 99, 1e9]) expect(s(step)).toBe(0.25);
  });
  it('rejects a non-finite value', () => {
    expect(() => constantSchedule(Number.NaN)).toThrow(
      'constantSchedule(value): must be a finite number, got NaN',
    );
  });
});
