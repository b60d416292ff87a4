import { ConfigError, createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { concatenate } from './concatenate.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

const ctx = { training: false, state: {} };

describe('concatenate', () => {
  it('joins along the last axis by default (a loop over the output)', () => {
    const a = randomNormal(createRng(1), [2, 3, 2]);
    const b = randomNormal(createRng(2), [2, 3, 4]);
    const { y } = concatenate().applyMany({}, [a, b], ctx);
    const [ad, bd] = [a.dataSync(), b.dataSync()];
    const want: number[] = [];
    for (let r = 0; r < 6; r++) want.push(...ad.slice(r * 2, r * 2 + 2), ...bd.slice(r * 4, r * 4 + 4));
    expect(y.shape).toEqual([2, 3, 6]);
    expect(Array.from(y.dataSync())).toEqual(want);
    expectShapeInference(concatenate(), [a, b]).dispose();
    tf.dispose([a, b, y]);
  });

  it('joins along axis 1 and infers shapes, unknown sizes included', () => {
    const a = tf.tensor3d([[[1], [2]]]);
    const b = tf.tensor3d([[[3]]]);
    const { y } = concatenate({ axis: 1 }).applyMany({}, [a, b], ctx);
    expect(y.arraySync()).toEqual([[[1], [2], [3]]]);
    expect(
      concatenate({ axis: 1 }).initMany(createRng(0), [
        [null, 2, 5],
        [null, null, 5],
      ]).outputShape,
    ).toEqual([null, null, 5]);
    tf.dispose([a, b, y]);
  });

  it('gradients match central differences and nothing leaks', () => {
    const xs = [
      randomNormal(createRng(1), [2, 2, 3]),
      randomNormal(createRng(2), [2, 1, 3]),
      randomNormal(createRng(3), [2, 2, 3]),
    ];
    expectGradients(concatenate({ axis: -2 }), xs, { step: 0.5 });
    tf.dispose(xs);
    expectNoLeaks(concatenate(), [
      [2, 3],
      [2, 1],
    ]);
  });

  it('says what is wrong', () => {
    expect(() => concatenate({ axis: 0 })).toThrow(ConfigError);
    expect(() =>
      concatenate({ name: 'c' }).initMany(createRng(0), [
        [null, 2, 3],
        [null, 3, 3],
      ]),
    ).toThrow(
      new ShapeError(
        "Concatenate 'c'",
        'inputs must agree on every axis but -1, got [?, 2, 3] and [?, 3, 3]',
      ),
    );
    expect(() =>
      concatenate({ axis: 3 }).initMany(createRng(0), [
        [null, 2],
        [null, 2],
      ]),
    ).toThrow(/axis 3 is not/);
  });
});
