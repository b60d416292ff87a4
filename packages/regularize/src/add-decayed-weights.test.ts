import { disposeTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { addDecayedWeights } from './add-decayed-weights.js';
import { l2Penalty } from './l2-penalty.js';

const leaf = (t: TensorTree, k: string) => Array.from((t[k] as tf.Tensor).dataSync());

describe('addDecayedWeights', () => {
  it('adds wd·p to the updates of masked params and copies the rest (by hand)', () => {
    const params = { kernel: tf.tensor1d([2, -4]), bias: tf.tensor1d([1]) };
    const grads = { kernel: tf.tensor1d([0.5, 0.5]), bias: tf.tensor1d([0.5]) };
    const t = addDecayedWeights(0.1, (key) => key !== 'bias');
    const out = t.update(grads, t.init(params), params);
    expect(leaf(out.updates, 'kernel')[0]).toBeCloseTo(0.5 + 0.1 * 2, 6);
    expect(leaf(out.updates, 'kernel')[1]).toBeCloseTo(0.5 - 0.1 * 4, 6);
    expect(leaf(out.updates, 'bias')).toEqual([0.5]);
    expect(out.updates.bias).not.toBe(grads.bias);
    expect(out.state.count).toBe(1);
    disposeTree(out.updates);
    disposeTree(params);
    disposeTree(grads);
  });

  it('under plain SGD equals the gradient of an L2 penalty with coef wd/2 (Loshchilov & Hutter, Prop. 1)', () => {
    // d/dp (wd/2)·Σp² = wd·p, so g + wd·p is the penalised gradient; checked with finite differences.
    const wd = 0.2;
    const values = [1.5, -3];
    const params = { w: tf.tensor1d(values) };
    const grads = { w: tf.zeros([2]) };
    const t = addDecayedWeights(wd);
    const out = t.update(grads, t.init(params), params);
    const penalty = l2Penalty(wd / 2);
    const h = 1e-2;
    values.forEach((p, i) => {
      const at = (d: number) => {
        const v = values.slice();
        v[i] = p + d;
        const w = { w: tf.tensor1d(v) };
        const s = penalty(w);
        const n = s.dataSync()[0]!;
        tf.dispose([s, w.w]);
        return n;
      };
      expect(leaf(out.updates, 'w')[i]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 3);
    });
    disposeTree(out.updates);
    disposeTree(params);
    disposeTree(grads);
  });

  it('takes the decay from a schedule by step and leaks nothing over 100 updates', () => {
    const params = { w: tf.tensor1d([1]) };
    const grads = { w: tf.zeros([1]) };
    const t = addDecayedWeights((step) => step * 0.01);
    let state = t.init(params);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const out = t.update(grads, state, params);
      expect(leaf(out.updates, 'w')[0]).toBeCloseTo(i * 0.01, 6);
      disposeTree(out.updates);
      state = out.state;
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(params);
    disposeTree(grads);
  });

  it('needs params and matching shapes, and a rate ≥ 0', () => {
    const t = addDecayedWeights(0.1);
    const grads = { w: tf.zeros([2]) };
    const wrong = { w: tf.zeros([3]) };
    expect(() => t.update(grads, t.init({}))).toThrow(/addDecayedWeights: update needs the params/);
    expect(() => t.update(grads, t.init(wrong), wrong)).toThrow(
      /'w' has shape \[2\] in grads but \[3\] in params/,
    );
    expect(() => addDecayedWeights(-0.1)).toThrow(/addDecayedWeights\(weightDecay\): got -0.1/);
    const bad = addDecayedWeights(() => Number.NaN);
    expect(() => bad.update(grads, bad.init(grads), grads)).toThrow(/schedule\(0\) returned NaN/);
    disposeTree(grads);
    disposeTree(wrong);
  });
});
