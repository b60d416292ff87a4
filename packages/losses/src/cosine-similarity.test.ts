import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { cosineSimilarity } from './cosine-similarity.js';
import { expectClose, expectGradients, expectNoLeak, normal, values } from './loss-checks.test-util.js';

const cos = (a: number[], b: number[]) => {
  const dot = a.reduce((s, v, i) => s + v * b[i]!, 0);
  const n = (x: number[]) =>
    Math.sqrt(
      Math.max(
        x.reduce((s, v) => s + v * v, 0),
        1e-12,
      ),
    );
  return dot / (n(a) * n(b));
};

describe('cosineSimilarity', () => {
  it('is the negated cosine per sample (Keras sign): -1 aligned, 0 orthogonal, +1 opposite', () => {
    const t = [
      [1, 2, 3],
      [1, 0, 0],
      [1, 0, 0],
      [2, -1, 0.5],
      [0, 0, 0],
    ];
    const p = [
      [2, 4, 6],
      [0, 5, 0],
      [-3, 0, 0],
      [0.3, 0.7, -2],
      [1, 2, 3],
    ];
    const got = values(cosineSimilarity({ reduction: 'none' }), tf.tensor2d(t), tf.tensor2d(p));
    expectClose(got, [-1, 0, 1, -cos(t[3]!, p[3]!), 0]);
  });

  it('gradients w.r.t. both vectors match central differences', () => {
    const yt = normal(1, [3, 4]);
    const yp = normal(2, [3, 4]);
    expectGradients((reduction) => cosineSimilarity({ reduction }), yt, yp);
    expectNoLeak(cosineSimilarity(), yt, yp);
    tf.dispose([yt, yp]);
  });
});
