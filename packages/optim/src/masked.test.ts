import { disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { masked } from './masked.js';
import { makeGrads, makeParams, run, values } from './optim.test-util.js';

describe('masked', () => {
  it('applies the inner transform to the selected leaves only; the others pass through unchanged', () => {
    const params0 = makeParams(1);
    const grads = makeGrads(2, 5);
    const before = tf.memory().numTensors;
    const byKey = run(
      masked(adam({ learningRate: 0.1 }), (key) => key.startsWith('dense')),
      params0,
      grads,
    );
    const byTree = run(masked(adam({ learningRate: 0.1 }), { dense: true, out: false }), params0, grads);
    // The selected leaves move exactly as adam alone moves them on that sub-tree.
    const alone = run(
      adam({ learningRate: 0.1 }),
      { dense: params0.dense! },
      grads.map((g) => ({ dense: g.dense! })),
    );
    const got = values(byKey.params);
    const ref = values(alone.params);
    expect(got['dense/kernel']).toEqual(ref['dense/kernel']);
    expect(got['dense/bias']).toEqual(ref['dense/bias']);
    // Unselected: the raw gradients are added (p + Σg), as with no transformation at all.
    const sum = values(params0).out!.map((p, i) =>
      grads.reduce((s, g) => Math.fround(s + values(g).out![i]!), p),
    );
    expect(got.out).toEqual(sum);
    expect(values(byTree.params)).toEqual(got);
    [byKey, byTree, alone].forEach(disposeTree);
    expect(tf.memory().numTensors).toBe(before);
    [params0, ...grads].forEach(disposeTree);
  });

  it('names a param the mask tree does not cover', () => {
    const p = { a: tf.zeros([1]), b: tf.zeros([1]) };
    expect(() => masked(adam(), { a: true }).init(p)).toThrow(/masked\(mask\): has no entry for 'b'/);
    disposeTree(p);
  });
});
