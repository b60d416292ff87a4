import { describe, expect, it } from 'vitest';
import { formatShape } from './format-shape.js';

describe('formatShape', () => {
  it('prints dimensions comma-separated in brackets', () => {
    expect(formatShape([2, 3])).toBe('[2, 3]');
    expect(formatShape([7])).toBe('[7]');
    expect(formatShape([1, 28, 28, 1])).toBe('[1, 28, 28, 1]');
  });

  it('prints a scalar as [] and an unknown dimension as ?', () => {
    expect(formatShape([])).toBe('[]');
    expect(formatShape([null, 10])).toBe('[?, 10]');
    expect(formatShape([null, null])).toBe('[?, ?]');
  });

  it('prints a zero-size dimension as 0', () => {
    expect(formatShape([0, 4])).toBe('[0, 4]');
  });
});
