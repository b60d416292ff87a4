import { ConfigError, createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gru } from './gru.js';
import { recurrentSuite } from './testing/recurrent-suite.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

describe('gru', () => {
  describe('resetAfter: true (default)', () => {
    recurrentSuite({ kind: 'gru', make: gru, gates: 3, states: 1, biasShape: (u) => [2, 3 * u] });
  });

  describe('resetAfter: false', () => {
    recurrentSuite({
      kind: 'gruResetBefore',
      make: (o) => gru({ ...o, resetAfter: false }),
      gates: 3,
      states: 1,
      biasShape: (u) => [3 * u],
    });
  });

  it('one step by hand from a nonzero state: the two modes differ only in where r multiplies', () => {
    // units 1: z, r, h blocks; kernel [1, 3], recurrent [1, 3].
    const kernel = tf.tensor2d([[0.3, -0.6, 0.9]]);
    const recurrentKernel = tf.tensor2d([[0.5, 0.4, -1.2]]);
    const x = tf.tensor3d([[[1]]]);
    const h0 = 0.7;
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const z = s(0.3 + 0.5 * h0 + 0.1 + 0.2);
    const r = s(-0.6 + 0.4 * h0);
    const after = Math.tanh(0.9 + r * (-1.2 * h0 - 0.3));
    const before = Math.tanh(0.9 + -1.2 * (r * h0));
    const ctx = { training: false, state: {} };
    const init = { initialState: [tf.tensor2d([[h0]])] };
    const biasAfter = tf.tensor2d([
      [0.1, 0, 0],
      [0.2, 0, -0.3],
    ]);
    const ya = gru({ units: 1 }).call({ kernel, recurrentKernel, bias: biasAfter }, x, ctx, init).y;
    expectClose(ya.dataSync(), [z * h0 + (1 - z) * after], 1e-6);
    const biasBefore = tf.tensor1d([0.3, 0, 0]);
    const yb = gru({ units: 1, resetAfter: false }).call(
      { kernel, recurrentKernel, bias: biasBefore },
      x,
      ctx,
      init,
    ).y;
    expectClose(yb.dataSync(), [z * h0 + (1 - z) * before], 1e-6);
    tf.dispose([kernel, recurrentKernel, x, biasAfter, biasBefore, ya, yb, ...init.initialState]);
  });

  it('says what is wrong with bad options', () => {
    expect(() => gru({ units: 2, resetAfter: 'yes' as never })).toThrow(
      new ConfigError('gru({resetAfter})', 'must be a boolean, got string'),
    );
    expect(() => gru({ units: 1.5 })).toThrow(/gru\(\{units\}\): must be a positive integer/);
    expect(() => gru({ units: 2, returnState: 1 as never })).toThrow(
      /gru\(\{returnState\}\): must be a boolean/,
    );
    expect(gru({ units: 2 }).init(createRng(0), [null, 3, 2]).outputShape).toEqual([null, 2]);
  });
});
