import { createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { permute } from './permute.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

const ctx = { training: false, state: {} };

describe('permute', () => {
  it('[3, 1, 2] moves axis 3 first (Keras numbering): a loop over the output', () => {
    const [B, A, Bb, Cc] = [2, 2, 3, 4];
    const x = randomNormal(createRng(1), [B, A, Bb, Cc]);
    const layer = permute({ dims: [3, 1, 2] });
    const { y } = layer.apply({}, x, ctx);
    expect(y.shape).toEqual([B, Cc, A, Bb]);
    const xd = x.dataSync();
    const want: number[] = [];
    for (let b = 0; b < B; b++)
      for (let k = 0; k < Cc; k++)
        for (let i = 0; i < A; i++)
          for (let j = 0; j < Bb; j++) want.push(xd[((b * A + i) * Bb + j) * Cc + k]!);
    expect(Array.from(y.dataSync())).toEqual(want);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('a hand-computed swap', () => {
    const { y } = permute({ dims: [2, 1] }).apply(
      {},
      tf.tensor3d([
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ]),
      ctx,
    );
    expect(y.arraySync()).toEqual([
      [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
    ]);
    y.dispose();
  });

  it('gradient matches central differences and nothing leaks', () => {
    const x = randomNormal(createRng(2), [2, 2, 3, 2]);
    expectGradients(permute({ dims: [2, 3, 1] }), [x], { step: 0.5 });
    x.dispose();
    expectNoLeaks(permute({ dims: [2, 1] }), [[2, 3, 4]]);
  });

  it('says what is wrong', () => {
    expect(() => permute({ dims: [0, 1] })).toThrow(/permutation of 1…n/);
    expect(() => permute({ dims: [1, 1] })).toThrow(/permutation of 1…n/);
    expect(() => permute({ dims: [2, 1], name: 'p' }).init(createRng(0), [null, 2, 3, 4])).toThrow(
      "permute 'p': dims [2, 1] permute 2 axes after the batch, but the input is [?, 2, 3, 4]",
    );
  });
});
