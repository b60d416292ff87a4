import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mergeStates } from './merge-states.js';

describe('mergeStates', () => {
  it('applies each declared reduction (by hand) and leaves the inputs alone', () => {
    const reductions = { n: 'sum', hi: 'max', lo: 'min', seen: 'cat' } as const;
    const a = {
      n: tf.scalar(2),
      hi: tf.tensor1d([1, 5]),
      lo: tf.tensor1d([1, 5]),
      seen: tf.tensor2d([[1, 2]]),
    };
    const b = {
      n: tf.scalar(3),
      hi: tf.tensor1d([4, 2]),
      lo: tf.tensor1d([4, 2]),
      seen: tf.tensor2d([
        [3, 4],
        [5, 6],
      ]),
    };
    const before = tf.memory().numTensors;
    const m = mergeStates(reductions, a, b);
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(m.n.dataSync()[0]).toBe(5);
    expect(Array.from(m.hi.dataSync())).toEqual([4, 5]);
    expect(Array.from(m.lo.dataSync())).toEqual([1, 2]);
    expect(m.seen.arraySync()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(a.n.isDisposed || b.n.isDisposed).toBe(false);
    tf.dispose([a, b, m]);
  });

  it('concatenates onto an empty [0, …] initial state', () => {
    const empty = { seen: tf.zeros([0, 2]) };
    const some = { seen: tf.tensor2d([[1, 2]]) };
    const m = mergeStates({ seen: 'cat' }, empty, some);
    expect(m.seen.arraySync()).toEqual([[1, 2]]);
    tf.dispose([empty, some, m]);
  });

  it('refuses undeclared or missing fields and mismatched shapes', () => {
    const a = { n: tf.scalar(1) as tf.Tensor };
    const b = { n: tf.scalar(1), extra: tf.scalar(0) };
    const c = { n: tf.tensor1d([1, 2]) as tf.Tensor };
    expect(() => mergeStates({ n: 'sum' }, a, b as never)).toThrow(
      /the second state has undeclared field 'extra'/,
    );
    expect(() => mergeStates({ n: 'sum', m: 'sum' } as never, a, a)).toThrow(
      /the first state lacks field 'm'/,
    );
    expect(() => mergeStates({ n: 'sum' }, a, c)).toThrow(
      /field 'n' \(sum\) has shape \[\] in the first state but \[2\]/,
    );
    tf.dispose([a, b, c]);
  });
});
