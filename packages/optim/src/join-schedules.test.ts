import { describe, expect, it } from 'vitest';
import { joinSchedules } from './join-schedules.js';

describe('joinSchedules', () => {
  it('runs each schedule from 0 at its boundary (optax semantics)', () => {
    const s = joinSchedules([(t) => t, (t) => 100 + t, (t) => 1000 + t], [3, 5]);
    expect([0, 2, 3, 4, 5, 9].map(s)).toEqual([0, 2, 100, 101, 1000, 1004]);
  });
  it('with one schedule is that schedule', () => {
    const s = joinSchedules([(t) => 2 * t], []);
    expect(s(7)).toBe(14);
  });
  it('rejects bad arguments with labelled errors', () => {
    expect(() => joinSchedules([(t) => t, (t) => t], [])).toThrow(
      'joinSchedules(boundaries): must hold one boundary between each two schedules (1), got 0',
    );
    expect(() => joinSchedules([(t) => t, 3 as never], [1])).toThrow(
      'joinSchedules(schedules)[1]: must be a function (step) => number, got number',
    );
    expect(() => joinSchedules([(t) => t, (t) => t, (t) => t], [4, 2])).toThrow(
      'joinSchedules(boundaries): must be strictly increasing, got 4 then 2',
    );
  });
});
