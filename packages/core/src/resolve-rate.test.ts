import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { assertRate, resolveRate } from './resolve-rate.js';

describe('resolveRate', () => {
  it('returns a number as it is at every step', () => {
    expect(resolveRate(0.1, 0, 'l')).toBe(0.1);
    expect(resolveRate(0.1, 99, 'l')).toBe(0.1);
    expect(resolveRate(0, 3, 'l')).toBe(0);
  });

  it('calls a schedule with the step', () => {
    const steps: number[] = [];
    const halving = (step: number) => {
      steps.push(step);
      return 0.5 ** step;
    };
    expect(resolveRate(halving, 0, 'l')).toBe(1);
    expect(resolveRate(halving, 3, 'l')).toBe(0.125);
    expect(steps).toEqual([0, 3]);
  });

  it('refuses a negative or non-finite number, naming the label and the value', () => {
    expect(() => resolveRate(-1, 0, 'sgd({learningRate})')).toThrow(
      new ConfigError('sgd({learningRate})', 'got -1; a rate must be a finite number ≥ 0'),
    );
    expect(() => resolveRate(Number.NaN, 0, 'l')).toThrow(/l: got NaN; a rate must be/);
    expect(() => resolveRate(Number.POSITIVE_INFINITY, 0, 'l')).toThrow(/got Infinity/);
  });

  it('refuses what a schedule returns when it is no rate, naming the step', () => {
    expect(() => resolveRate(() => Number.NaN, 4, 'adam({learningRate})')).toThrow(
      new ConfigError('adam({learningRate})', 'schedule(4) returned NaN; a rate must be a finite number ≥ 0'),
    );
    expect(() => resolveRate((s) => 1 - s, 2, 'l')).toThrow(/schedule\(2\) returned -1/);
    expect(() => resolveRate((() => '0.1') as unknown as () => number, 0, 'l')).toThrow(
      /schedule\(0\) returned 0\.1; a rate must be/,
    );
  });
});

describe('assertRate', () => {
  it('passes a number ≥ 0 and any function without calling it', () => {
    let called = false;
    expect(() => assertRate(0.01, 'l')).not.toThrow();
    expect(() => assertRate(0, 'l')).not.toThrow();
    expect(() =>
      assertRate(() => {
        called = true;
        return Number.NaN;
      }, 'l'),
    ).not.toThrow();
    expect(called).toBe(false);
  });

  it('refuses anything else with the label', () => {
    expect(() => assertRate(-0.5, 'adamw({weightDecay})')).toThrow(
      new ConfigError('adamw({weightDecay})', 'got -0.5; a rate must be a finite number ≥ 0'),
    );
    expect(() => assertRate('0.1', 'l')).toThrow(/l: got 0\.1; a rate must be/);
    expect(() => assertRate(undefined, 'l')).toThrow(/l: got undefined/);
  });
});
