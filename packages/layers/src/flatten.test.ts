import { createRng, randomNormal, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { flatten } from './flatten.js';

const ctx = { training: false, state: {} };

describe('flatten', () => {
  it('keeps the batch and lays the rest out in row-major (NHWC) order', () => {
    const x = tf.tensor4d(
      Array.from({ length: 24 }, (_, i) => i),
      [2, 2, 3, 2],
    );
    const { y } = flatten().apply({}, x, ctx);
    expect(y.shape).toEqual([2, 12]);
    // Row-major: entry (b, h, w, c) lands at b·12 + (h·3 + w)·2 + c, i.e. the data order is unchanged.
    expect(Array.from(y.dataSync())).toEqual(Array.from({ length: 24 }, (_, i) => i));
    tf.dispose([x, y]);
  });

  it('infers the output shape, unknown when a dimension is', () => {
    expect(flatten().init(createRng(0), [null, 3, 3, 64]).outputShape).toEqual([null, 576]);
    expect(flatten().init(createRng(0), [8, null, 4]).outputShape).toEqual([8, null]);
    expect(flatten().init(createRng(0), [null]).outputShape).toEqual([null, 1]);
    expect(() => flatten({ name: 'f' }).init(createRng(0), [])).toThrow(ShapeError);
  });

  it('passes the gradient back in the input shape', () => {
    const x = randomNormal(createRng(1), [2, 3, 2, 2]);
    const r = checkGradients((xi) => flatten().apply({}, xi, ctx).y, [x], { step: 0.5 });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(24);
    x.dispose();
  });

  it('leaks no tensors', () => {
    const x = tf.zeros([2, 3, 3, 1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) flatten().apply({}, x, ctx).y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
