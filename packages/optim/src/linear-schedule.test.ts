import { describe, expect, it } from 'vitest';
import { linearSchedule } from './linear-schedule.js';

describe('linearSchedule', () => {
  it('ramps linearly between the values and holds the ends', () => {
    const s = linearSchedule({ initialValue: 1, endValue: 3, transitionSteps: 4, transitionBegin: 2 });
    // 1 until step 2, then +0.5 per step to 3 at step 6
    expect([0, 2, 3, 4, 5, 6, 7].map(s)).toEqual([1, 1, 1.5, 2, 2.5, 3, 3]);
  });
  it('decreases as well', () => {
    const s = linearSchedule({ initialValue: 1, endValue: 0, transitionSteps: 4 });
    expect([0, 1, 4].map(s)).toEqual([1, 0.75, 0]);
  });
  it('rejects bad options', () => {
    expect(() => linearSchedule({ initialValue: 0, endValue: 1, transitionSteps: 0 })).toThrow(
      'linearSchedule({transitionSteps}): must be a positive integer, got 0',
    );
  });
});
