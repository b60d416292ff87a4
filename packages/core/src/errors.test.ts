import { describe, expect, it } from 'vitest';
import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  assertShape,
  ConfigError,
  ShapeError,
} from './errors.js';

describe('labelled errors', () => {
  it('say where, what and what was given', () => {
    expect(() => assertInteger(0, 'dense({units})')).toThrow(
      'dense({units}): must be a positive integer, got 0',
    );
    expect(() => assertNumber(-1, 'adam({learningRate})', { min: 0, exclusiveMin: true })).toThrow(
      'adam({learningRate}): must be a number > 0, got -1',
    );
    expect(() => assertOneOf('same2', ['same', 'valid'], 'conv2d({padding})')).toThrow(
      "must be one of 'same', 'valid', got \"same2\"",
    );
    expect(() => assertShape([2, 3], [null, 4], 'dense "d1"')).toThrow(
      'dense "d1": expected shape [?, 4], got [2, 3]',
    );
    expect(() => assertKnownKeys({ epochz: 1 }, ['epochs'], 'config')).toThrow("unknown option 'epochz'");
  });

  it('are typed', () => {
    try {
      assertShape([1], [2], 'x');
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeError);
      expect((e as ShapeError).label).toBe('x');
      expect((e as Error).name).toBe('ShapeError');
    }
    expect(() => assertInteger(1.5, 'n')).toThrow(ConfigError);
  });
});
