import { disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { clipByNorm } from './clip-by-norm.js';
import { clipByValue } from './clip-by-value.js';
import { makeGrads, values } from './optim.test-util.js';

describe('clipByNorm', () => {
  it('bounds each leaf’s norm on its own, keeping its direction (closed form)', () => {
    const clip = clipByNorm(1);
    for (const g of makeGrads(3, 5)) {
      const { updates } = clip.update(g, clip.init(g));
      const got = values(updates);
      for (const [k, v] of Object.entries(values(g))) {
        const n = Math.hypot(...v);
        v.forEach((x, i) => {
          expect(got[k]![i]!).toBeCloseTo((x * 1) / Math.max(n, 1), 6);
        });
      }
      disposeTree(updates);
      disposeTree(g);
    }
    expect(() => clipByNorm(-1)).toThrow(/clipByNorm\(maxNorm\)/);
  });
});

describe('clipByValue', () => {
  it('clips each coordinate to [−max, max] and leaks nothing', () => {
    const clip = clipByValue(0.5);
    const g = { a: tf.tensor1d([-2, -0.5, 0.1, 0.7]), b: { c: tf.tensor2d([[3, -0.2]]) } };
    const before = tf.memory().numTensors;
    const { updates } = clip.update(g, clip.init(g));
    expect(values(updates)).toEqual({
      a: [-0.5, -0.5, 0.1, 0.5].map(Math.fround),
      'b/c': [0.5, -0.2].map(Math.fround),
    });
    disposeTree(updates);
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(g);
    expect(() => clipByValue(Number.NaN)).toThrow(/clipByValue\(maxDelta\)/);
  });
});
