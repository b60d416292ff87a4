import { ConfigError, createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { add } from './add.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

const ctx = { training: false, state: {} };

describe('add', () => {
  it('sums two or three inputs entry by entry', () => {
    const xs = [1, 2, 3].map((s) => randomNormal(createRng(s), [2, 3, 4]));
    const { y } = add().applyMany({}, xs, ctx);
    const data = xs.map((x) => x.dataSync());
    expect(y.shape).toEqual([2, 3, 4]);
    expect(Array.from(y.dataSync())).toEqual(
      Array.from(data[0]!, (_, i) => Math.fround(Math.fround(data[0]![i]! + data[1]![i]!) + data[2]![i]!)),
    );
    expectShapeInference(add(), xs).dispose();
    tf.dispose([...xs, y]);
  });

  it('fills unknown sizes from the other inputs', () => {
    expect(
      add().initMany(createRng(0), [
        [null, null, 4],
        [null, 3, 4],
      ]).outputShape,
    ).toEqual([null, 3, 4]);
  });

  it('gradients match central differences and nothing leaks', () => {
    const xs = [1, 2].map((s) => randomNormal(createRng(s), [2, 3]));
    expectGradients(add(), xs, { step: 0.5 });
    tf.dispose(xs);
    expectNoLeaks(add(), [
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
  });

  it('says what is wrong', () => {
    expect(() =>
      add({ name: 'a' }).initMany(createRng(0), [
        [null, 3],
        [null, 4],
      ]),
    ).toThrow(new ShapeError("Add 'a'", 'inputs must have the same shape, got [?, 3] and [?, 4]'));
    expect(() => add().applyMany({}, [tf.zeros([1, 2])], ctx)).toThrow(ConfigError);
    expect(() => add().apply({}, tf.zeros([1, 2]), ctx)).toThrow(/takes several inputs/);
  });
});
