import { createRng, flattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countParams } from './count-params.js';
import { convParams, denseParams, seedCnn } from './testing/seed-cnn.test-util.js';

describe('countParams', () => {
  it('counts the seed CNN on 28×28×1: 93,322', () => {
    const { params } = seedCnn().init(createRng(0), [null, 28, 28, 1]);
    const expected =
      convParams(3, 1, 32) +
      convParams(3, 32, 64) +
      convParams(3, 64, 64) +
      denseParams(3 * 3 * 64, 64) +
      denseParams(64, 10);
    expect(expected).toBe(93_322);
    expect(countParams(params)).toBe(expected);
    tf.dispose(Object.values(flattenTree(params)));
  });

  it('counts an empty tree as 0', () => {
    expect(countParams({})).toBe(0);
  });
});
