import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyUpdates } from './apply-updates.js';
import { disposeState } from './dispose-state.js';

describe('applyUpdates', () => {
  it('adds leaf by leaf and leaves both inputs to the caller', () => {
    const params = { a: tf.tensor1d([1, 2]), b: { c: tf.scalar(5) } };
    const updates = { a: tf.tensor1d([0.5, -1]), b: { c: tf.scalar(-5) } };
    const next = applyUpdates(params, updates);
    expect(Array.from((next.a as tf.Tensor).dataSync())).toEqual([1.5, 1]);
    expect(((next.b as Record<string, tf.Tensor>).c as tf.Tensor).dataSync()[0]).toBe(0);
    expect(params.a.isDisposed || updates.a.isDisposed).toBe(false);
    disposeState([params, updates, next]);
  });

  it('refuses mismatched keys or shapes instead of broadcasting', () => {
    const params = { w: tf.zeros([3]) };
    const short = { w: tf.zeros([1]) };
    const other = { v: tf.zeros([3]) };
    expect(() => applyUpdates(params, short)).toThrow(
      /applyUpdates: 'w' has shape \[3\] in params but \[1\] in updates/,
    );
    expect(() => applyUpdates(params, other)).toThrow(/applyUpdates: 'w' is in params but not in updates/);
    disposeState([params, short, other]);
  });
});
