import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { matchesStated, parseStated, showResult } from './stated-value.js';

const stated = (text: string) => {
  const s = parseStated(text);
  if (s === null) throw new Error(`unreadable: ${text}`);
  return s;
};

describe('parseStated', () => {
  it('reads numbers with the tolerance of their last written digit', () => {
    expect(parseStated('3.0')).toEqual({ kind: 'number', value: 3, tolerance: 0.05 });
    // An integer without decimals is exact.
    expect(parseStated('3')).toEqual({ kind: 'number', value: 3, tolerance: 0 });
    expect(parseStated('0.125')).toEqual({ kind: 'number', value: 0.125, tolerance: 0.0005 });
    expect(parseStated('-2.5')).toEqual({ kind: 'number', value: -2.5, tolerance: 0.05 });
    // 1.5e-3 is written to the 4th decimal place: half a unit there is 5e-5.
    const small = stated('1.5e-3') as { value: number; tolerance: number };
    expect(small.value).toBe(0.0015);
    expect(small.tolerance).toBeCloseTo(5e-5, 15);
    expect(parseStated('NaN')).toEqual({ kind: 'number', value: Number.NaN, tolerance: 0 });
    expect(parseStated('-Infinity')).toEqual({ kind: 'number', value: -Infinity, tolerance: 0 });
  });

  it('reads strings, literals, arrays and objects', () => {
    expect(parseStated("'[2, 3]'")).toEqual({ kind: 'string', value: '[2, 3]' });
    expect(parseStated('"a\'b"')).toEqual({ kind: 'string', value: "a'b" });
    expect(parseStated('true')).toEqual({ kind: 'literal', value: true });
    expect(parseStated('null')).toEqual({ kind: 'literal', value: null });
    expect(parseStated('[]')).toEqual({ kind: 'array', items: [] });
    expect(parseStated('[1, [true], ]')).toEqual({
      kind: 'array',
      items: [
        { kind: 'number', value: 1, tolerance: 0 },
        { kind: 'array', items: [{ kind: 'literal', value: true }] },
      ],
    });
    expect(parseStated("{ a: 'x', 'b c': [] }")).toEqual({
      kind: 'object',
      entries: [
        ['a', { kind: 'string', value: 'x' }],
        ['b c', { kind: 'array', items: [] }],
      ],
    });
  });

  it('returns null for prose and for values it cannot read whole', () => {
    expect(parseStated('w = [1.5, 1]')).toBeNull();
    expect(parseStated('[1, 2')).toBeNull();
    expect(parseStated('1 2')).toBeNull();
    expect(parseStated('a tensor')).toBeNull();
    expect(parseStated("'unclosed")).toBeNull();
  });
});

describe('matchesStated', () => {
  it('compares numbers to within half a unit of the stated digits', () => {
    expect(matchesStated(Math.PI, stated('3.14'))).toBe(true); // |π − 3.14| = 0.0016 ≤ 0.005
    expect(matchesStated(Math.PI, stated('3.142'))).toBe(true); // 0.00041 ≤ 0.0005
    expect(matchesStated(Math.PI, stated('3.141'))).toBe(false); // 0.00059 > 0.0005
    expect(matchesStated(0.1 + 0.2, stated('0.3'))).toBe(true);
    expect(matchesStated(Math.fround(1.1), stated('1.1'))).toBe(true); // float32 rounding
    expect(matchesStated(0.125, stated('0.125'))).toBe(true);
    expect(matchesStated(0.126, stated('0.125'))).toBe(false);
    expect(matchesStated(3, stated('3'))).toBe(true);
    expect(matchesStated(3.0000001, stated('3'))).toBe(false);
    expect(matchesStated(3.04, stated('3.0'))).toBe(true);
    expect(matchesStated(Number.NaN, stated('NaN'))).toBe(true);
    expect(matchesStated(1, stated('NaN'))).toBe(false);
    expect(matchesStated('3', stated('3'))).toBe(false);
  });

  it('compares strings, booleans and null exactly', () => {
    expect(matchesStated('[2, 3]', stated("'[2, 3]'"))).toBe(true);
    expect(matchesStated('[2,3]', stated("'[2, 3]'"))).toBe(false);
    expect(matchesStated(false, stated('false'))).toBe(true);
    expect(matchesStated(0, stated('false'))).toBe(false);
    expect(matchesStated(undefined, stated('null'))).toBe(false);
  });

  it('compares arrays and objects element by element, tensors and typed arrays as arrays', () => {
    expect(matchesStated([1.1, 1.8], stated('[1.1, 1.8]'))).toBe(true);
    expect(matchesStated([1.1, 1.8, 0], stated('[1.1, 1.8]'))).toBe(false);
    expect(matchesStated(new Float32Array([0.1, 0.2]), stated('[0.1, 0.2]'))).toBe(true);
    const t = tf.tensor2d([
      [1, 2],
      [3, 4.5],
    ]);
    expect(matchesStated(t, stated('[[1, 2], [3, 4.5]]'))).toBe(true);
    expect(matchesStated(t, stated('[[1, 2], [3, 4]]'))).toBe(false);
    t.dispose();
    expect(matchesStated({ a: 1, b: 'x' }, stated("{ b: 'x', a: 1 }"))).toBe(true);
    expect(matchesStated({ a: 1, b: 'x', c: 0 }, stated("{ b: 'x', a: 1 }"))).toBe(false);
    expect(matchesStated([1], stated('{}'))).toBe(false);
  });
});

describe('showResult', () => {
  it('prints results short and readable', () => {
    expect(showResult('a')).toBe("'a'");
    expect(showResult(0.5)).toBe('0.5');
    expect(showResult(new Int32Array([1, 2]))).toBe('[1,2]');
    expect(showResult({ a: [Number.NaN] })).toBe('{"a":["NaN"]}');
    expect(showResult(Array.from({ length: 100 }, () => 1234)).endsWith('…')).toBe(true);
  });
});
