import { createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { repeatVector } from './repeat-vector.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

const ctx = { training: false, state: {} };

describe('repeatVector', () => {
  it('y[b, t, f] = x[b, f] for every t', () => {
    const x = randomNormal(createRng(1), [2, 3]);
    const layer = repeatVector({ n: 4 });
    const { y } = layer.apply({}, x, ctx);
    const xd = x.dataSync();
    const want: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let t = 0; t < 4; t++) for (let f = 0; f < 3; f++) want.push(xd[b * 3 + f]!);
    expect(y.shape).toEqual([2, 4, 3]);
    expect(Array.from(y.dataSync())).toEqual(want);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('gradient (the sum over the copies) matches central differences and nothing leaks', () => {
    const x = randomNormal(createRng(2), [2, 3]);
    expectGradients(repeatVector({ n: 3 }), [x], { step: 0.5 });
    x.dispose();
    expectNoLeaks(repeatVector({ n: 2 }), [[2, 5]]);
  });

  it('says what is wrong', () => {
    expect(() => repeatVector({ n: 0 })).toThrow(/repeatVector\(\{n\}\)/);
    expect(() => repeatVector({ n: 2, name: 'r' }).init(createRng(0), [null, 2, 3])).toThrow(
      "repeatVector 'r': expected an input shape [batch, features], got [?, 2, 3]",
    );
  });
});
