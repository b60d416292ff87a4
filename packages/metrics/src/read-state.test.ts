import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readState } from './read-state.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('readState', () => {
  it('reads every field in one sync, int32 kept exact', () => {
    const big = 2 ** 24 + 1; // not representable in float32
    const state = {
      a: tf.scalar(big, 'int32'),
      m: tf.tensor2d(
        [
          [1, 2],
          [3, 4],
        ],
        undefined,
        'int32',
      ),
    };
    const spy = vi.spyOn(tf.backend(), 'readSync');
    const before = tf.memory().numTensors;
    const out = readState(state);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.a).toBeInstanceOf(Int32Array);
    expect(out.a[0]).toBe(big);
    expect(Array.from(out.m)).toEqual([1, 2, 3, 4]);
    tf.dispose(state);
  });

  it('reads mixed dtypes as float32 and skips empty fields without a sync', () => {
    const state = { f: tf.scalar(0.5), i: tf.scalar(3, 'int32'), e: tf.zeros([0, 3]) };
    const out = readState(state);
    expect(out.f[0]).toBe(0.5);
    expect(out.i[0]).toBe(3);
    expect(out.e.length).toBe(0);
    const spy = vi.spyOn(tf.backend(), 'readSync');
    expect(readState({ e: state.e }).e.length).toBe(0);
    expect(spy).not.toHaveBeenCalled();
    tf.dispose(state);
  });
});
