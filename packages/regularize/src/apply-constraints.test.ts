import { disposeTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyConstraints } from './apply-constraints.js';
import { maxNorm } from './max-norm.js';
import { nonNeg } from './non-neg.js';

const make = (): TensorTree => ({
  dense: { kernel: tf.tensor2d([[6], [8]]), bias: tf.tensor1d([-1, 2]) },
  head: { kernel: tf.tensor1d([-5]) },
});
const leaf = (t: TensorTree, path: string[]) =>
  Array.from(
    (path.reduce((n, k) => (n as TensorTree)[k]!, t as TensorTree | tf.Tensor) as tf.Tensor).dataSync(),
  );

describe('applyConstraints', () => {
  it('projects the named params, copies the rest, and leaves its input alone', () => {
    const params = make();
    const before = tf.memory().numTensors;
    const out = applyConstraints(params, {
      'dense/kernel': maxNorm({ maxValue: 5 }),
      'dense/bias': nonNeg(),
    });
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(leaf(out, ['dense', 'kernel'])[0]).toBeCloseTo(3, 5);
    expect(leaf(out, ['dense', 'kernel'])[1]).toBeCloseTo(4, 5);
    expect(leaf(out, ['dense', 'bias'])).toEqual([0, 2]);
    expect(leaf(out, ['head', 'kernel'])).toEqual([-5]);
    expect((out.head as TensorTree).kernel).not.toBe((params.head as TensorTree).kernel);
    expect(leaf(params, ['dense', 'bias'])).toEqual([-1, 2]);
    disposeTree(out);
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(params);
  });

  it('takes a function of the key', () => {
    const params = make();
    const out = applyConstraints(params, (key) => (key.endsWith('kernel') ? nonNeg() : undefined));
    expect([leaf(out, ['dense', 'bias']), leaf(out, ['head', 'kernel'])]).toEqual([[-1, 2], [0]]);
    disposeTree(out);
    disposeTree(params);
  });

  it('names a key that matches no param', () => {
    const params = make();
    expect(() => applyConstraints(params, { 'dense/kernal': nonNeg() })).toThrow(
      "applyConstraints(constraints): 'dense/kernal' names no param; the params are 'dense/kernel', 'dense/bias', 'head/kernel'",
    );
    disposeTree(params);
  });
});
