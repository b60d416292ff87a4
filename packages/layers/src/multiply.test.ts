import { createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { multiply } from './multiply.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };

describe('multiply', () => {
  it('multiplies three inputs entry by entry', () => {
    const xs = [1, 2, 3].map((s) => randomNormal(createRng(s), [2, 5]));
    const { y } = multiply().applyMany({}, xs, ctx);
    const data = xs.map((x) => x.dataSync());
    expectClose(
      y.dataSync(),
      Array.from(data[0]!, (_, i) => data[0]![i]! * data[1]![i]! * data[2]![i]!),
      1e-6,
    );
    expectShapeInference(multiply(), xs).dispose();
    tf.dispose([...xs, y]);
  });

  it('gradients (the product of the others) match central differences and nothing leaks', () => {
    const xs = [1, 2, 3].map((s) => randomNormal(createRng(s), [2, 3]));
    expectGradients(multiply(), xs, { step: 1e-2, rtol: 1e-3 });
    tf.dispose(xs);
    expectNoLeaks(multiply(), [
      [2, 3],
      [2, 3],
    ]);
  });

  it('says what is wrong', () => {
    expect(() => multiply({ name: 'm' }).applyMany({}, [tf.zeros([1, 2]), tf.zeros([1, 3])], ctx)).toThrow(
      new ShapeError("Multiply 'm'", 'inputs must have the same shape, got [1, 2] and [1, 3]'),
    );
  });
});
