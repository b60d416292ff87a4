import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { input } from './input.js';

describe('input', () => {
  it('keeps the declared shape (a copy) and name', () => {
    const shape = [null, 28, 28, 1];
    const x = input(shape, { name: 'image' });
    shape[1] = 5;
    expect(x.shape).toEqual([null, 28, 28, 1]);
    expect(x.source).toEqual({ kind: 'input', name: 'image' });
  });
  it('refuses shapes and names that are not', () => {
    expect(() => input([])).toThrow(ConfigError);
    expect(() => input([null, -1])).toThrow(/non-negative integers or null/);
    expect(() => input([null, 2], { name: 'a/b' })).toThrow(/without '\/'/);
    expect(() => input([null, 2], { shape: [1] } as never)).toThrow(ConfigError);
  });
});
