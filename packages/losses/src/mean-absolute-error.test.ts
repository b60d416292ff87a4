import { createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { meanAbsoluteError } from './mean-absolute-error.js';

describe('meanAbsoluteError', () => {
  it('averages |yPred - yTrue| over the last axis, then reduces', () => {
    const a = tf.tensor2d([
      [1, 2],
      [0, 0],
    ]);
    const b = tf.tensor2d([
      [0, 4],
      [-1, 0.5],
    ]);
    const none = meanAbsoluteError({ reduction: 'none' })(a, b);
    expect(Array.from(none.dataSync())).toEqual([1.5, 0.75]);
    const mean = meanAbsoluteError()(a, b);
    expect(mean.dataSync()[0]).toBeCloseTo(1.125, 6);
    tf.dispose([a, b, none, mean]);
  });

  it('gradients (the sign, scaled) match central differences away from the kink', () => {
    const a = randomNormal(createRng(1), [3, 4]);
    const b = randomNormal(createRng(2), [3, 4]);
    const loss = meanAbsoluteError();
    // Entries with |yPred - yTrue| below the step would cross the kink at 0; these draws have none.
    const r = checkGradients((x, y) => loss(x, y), [a, b], { step: 1e-3 });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(24);
    tf.dispose([a, b]);
  });
});
