import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activation } from './activation.js';
import { expectClose } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };

describe('activation layer', () => {
  it('applies a named activation, keeps the shape and has no params', () => {
    const layer = activation('relu');
    const init = layer.init(createRng(0), [null, 3]);
    expect(init).toEqual({ params: {}, state: {}, outputShape: [null, 3] });
    const x = tf.tensor2d([[-1, 0.5, 2]]);
    const { y } = layer.apply({}, x, ctx);
    expectClose(y.dataSync(), [0, 0.5, 2]);
    tf.dispose([x, y]);
  });

  it('takes a plain function; the identity returns a tensor the caller owns', () => {
    const x = tf.tensor1d([1, -2]);
    const sq = activation((t) => tf.square(t), { name: 'sq' });
    expect(sq.name).toBe('sq');
    const a = sq.apply({}, x, ctx).y;
    expectClose(a.dataSync(), [1, 4]);
    const b = activation('linear').apply({}, x, ctx).y;
    b.dispose();
    expect(x.isDisposed).toBe(false);
    tf.dispose([x, a]);
  });

  it('refuses unknown names', () => {
    expect(() => activation('swishy' as never)).toThrow(/activation\(fn\): must be one of/);
  });
});
