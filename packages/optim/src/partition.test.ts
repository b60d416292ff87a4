import { disposeTree, flattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { makeGrads, makeParams, maxRelError, run, values } from './optim.test-util.js';
import { partition } from './partition.js';
import { setToZero } from './set-to-zero.js';
import { sgd } from './sgd.js';

describe('partition', () => {
  it('a frozen group stays bit-identical over training while the other group equals its optimizer alone', () => {
    const params0 = makeParams(1);
    const grads = makeGrads(2, 30);
    const opt = partition(
      { frozen: setToZero(), head: adam({ learningRate: 0.01 }) },
      { dense: 'frozen', out: 'head' },
    );
    const { params, state } = run(opt, params0, grads);
    const got = values(params);
    const start = values(params0);
    expect(got['dense/kernel']).toEqual(start['dense/kernel']);
    expect(got['dense/bias']).toEqual(start['dense/bias']);
    // The head alone, with adam, on its own gradients.
    const alone = run(
      adam({ learningRate: 0.01 }),
      { out: params0.out! },
      grads.map((g) => ({ out: g.out! })),
    );
    expect(maxRelError({ out: got.out! }, values(alone.params))).toBe(0);
    expect(maxRelError({ out: got.out! }, { out: start.out! })).toBeGreaterThan(1e-3);
    // Keys keep the params' order, and the state holds one entry per label.
    expect(Object.keys(flattenTree(params))).toEqual(Object.keys(flattenTree(params0)));
    expect(Object.keys(state)).toEqual(['frozen', 'head']);
    [params, state, alone, params0, ...grads].forEach(disposeTree);
  });

  it('a zero learning rate freezes too; labels may be a function of the key; nothing leaks', () => {
    const params0 = makeParams(3);
    const grads = makeGrads(4, 10);
    const before = tf.memory().numTensors;
    const opt = partition(
      { frozen: sgd({ learningRate: 0 }), rest: sgd({ learningRate: 0.1, momentum: 0.9 }) },
      (key) => (key.endsWith('bias') ? 'frozen' : 'rest'),
    );
    const { params, state } = run(opt, params0, grads);
    expect(values(params)['dense/bias']).toEqual(values(params0)['dense/bias']);
    const plain = run(sgd({ learningRate: 0.1, momentum: 0.9 }), params0, grads);
    expect(values(params).out).toEqual(values(plain.params).out);
    [params, state, plain].forEach(disposeTree);
    expect(tf.memory().numTensors).toBe(before);
    [params0, ...grads].forEach(disposeTree);
  });

  it('names a label without a transformation and a param without a label', () => {
    const p = { a: tf.zeros([1]), b: tf.zeros([1]) };
    expect(() => partition({ x: setToZero() }, () => 'y').init(p)).toThrow(
      /partition\(labels\): 'a' has label 'y', which has no transformation; known labels are 'x'/,
    );
    expect(() => partition({ x: setToZero() }, { a: 'x' }).init(p)).toThrow(
      /partition\(labels\): has no entry for 'b'/,
    );
    expect(() => partition({ x: {} as never }, () => 'x')).toThrow(/partition\(transforms.x\)/);
    disposeTree(p);
  });
});
