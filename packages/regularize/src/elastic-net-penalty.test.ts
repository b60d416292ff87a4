import { disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { elasticNetPenalty } from './elastic-net-penalty.js';
import { l1Penalty } from './l1-penalty.js';
import { l2Penalty } from './l2-penalty.js';

const make = () => ({
  dense: {
    kernel: tf.tensor2d([
      [1, -2],
      [0.5, 3],
    ]),
    bias: tf.tensor1d([4, -1]),
  },
  head: { kernel: tf.tensor1d([-0.25]) },
});
const read = (t: tf.Scalar) => {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('elasticNetPenalty', () => {
  it('equals strength·(r·Σ|p| + ½(1 − r)·Σp²) written by hand', () => {
    const params = make();
    const before = tf.memory().numTensors;
    // Σ|p| = 1 + 2 + 0.5 + 3 + 4 + 1 + 0.25 = 11.75; Σp² = 1 + 4 + 0.25 + 9 + 16 + 1 + 0.0625 = 31.3125
    expect(read(elasticNetPenalty({ strength: 0.2, l1Ratio: 0.3 })(params))).toBeCloseTo(
      0.2 * (0.3 * 11.75 + 0.5 * 0.7 * 31.3125),
      5,
    );
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(params);
  });

  it('equals l1Penalty + l2Penalty with the matching coefficients, under a predicate mask', () => {
    const params = make();
    const kernels = (key: string) => key.endsWith('kernel');
    for (const l1Ratio of [0, 0.25, 1]) {
      const strength = 0.4;
      const net = read(elasticNetPenalty({ strength, l1Ratio, mask: kernels })(params));
      const sum =
        read(l1Penalty(strength * l1Ratio, kernels)(params)) +
        read(l2Penalty((strength * (1 - l1Ratio)) / 2, kernels)(params));
      expect(net).toBeCloseTo(sum, 5);
    }
    disposeTree(params);
  });

  it('takes a mask tree, with booleans at inner nodes covering their subtree', () => {
    const params = make();
    // Only dense/kernel: Σ|p| = 6.5, Σp² = 14.25 → 1 · (0.5 · 6.5 + 0.25 · 14.25)
    const tree = { dense: { kernel: true, bias: false }, head: false };
    expect(read(elasticNetPenalty({ strength: 1, l1Ratio: 0.5, mask: tree })(params))).toBeCloseTo(
      3.25 + 3.5625,
      5,
    );
    const missing = elasticNetPenalty({ strength: 1, l1Ratio: 0.5, mask: { dense: true } });
    expect(() => missing(params)).toThrow(
      "elasticNetPenalty({mask}): the mask tree has no entry for 'head/kernel'; give it true or false (or one for a parent)",
    );
    disposeTree(params);
  });

  it('rejects bad options', () => {
    expect(() => elasticNetPenalty({ strength: 1, l1Ratio: 1.5 })).toThrow(
      'elasticNetPenalty({l1Ratio}): must be a number in [0, 1], got 1.5',
    );
    expect(() => elasticNetPenalty({ strength: -1, l1Ratio: 0.5 })).toThrow('elasticNetPenalty({strength})');
    expect(() => elasticNetPenalty({ strength: 1, l1Ratio: 0.5, mask: 'kernel' as never })).toThrow(
      'elasticNetPenalty({mask}): must be a function (key, param) => boolean or a tree of booleans, got string',
    );
  });
});
