import { type CallbackContext, disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chain } from './chain.js';
import { disposeState } from './dispose-state.js';
import {
  type ReduceOnPlateauOptions,
  type ReduceOnPlateauState,
  reduceOnPlateau,
} from './reduce-on-plateau.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';

const ctx: CallbackContext = { epochs: 100, params: {}, setParams() {} };

// factor 0.5, patience 2, cooldown 1, minDelta 0, minScale 0.2; scales after each epoch, by hand (Keras's rules):
// e0 1.0 best · e1 1.0 wait 1 · e2 1.1 wait 2 → 0.5, cooldown 1 · e3 1.2 cooldown ends, wait 1 · e4 1.3 wait 2 → 0.25
// · e5 0.9 cooldown ends, best · e6 0.95 wait 1 · e7 0.95 wait 2 → max(0.125, 0.2) = 0.2 · e8 1 wait 1
// · e9 1 wait 2, but the scale is at minScale: unchanged.
const options: ReduceOnPlateauOptions = { factor: 0.5, patience: 2, cooldown: 1, minDelta: 0, minScale: 0.2 };
const losses = [1.0, 1.0, 1.1, 1.2, 1.3, 0.9, 0.95, 0.95, 1, 1];
const expected = [1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2];

/** One update of gradient 1 through the transform: the update equals the scale in force. */
function step(t: ReturnType<typeof reduceOnPlateau>['transform'], state: ReduceOnPlateauState) {
  const g = { w: tf.scalar(1) };
  const out = t.update(g, state);
  const applied = (out.updates.w as tf.Tensor).dataSync()[0]!;
  disposeTree(out.updates);
  disposeTree(g);
  disposeState(state);
  return { applied, state: out.state };
}

describe('reduceOnPlateau', () => {
  it('follows a sequence of plateaus: reductions, cooldown, the floor (hand-computed)', () => {
    const { transform, callback } = reduceOnPlateau(options);
    const before = tf.memory().numTensors;
    let state = transform.init({});
    callback.onTrainBegin?.(ctx);
    const applied: number[] = [];
    const scales: number[] = [];
    for (const [epoch, loss] of losses.entries()) {
      const r = step(transform, state);
      state = r.state;
      applied.push(r.applied);
      callback.onEpochEnd?.(epoch, { val_loss: loss }, ctx);
      scales.push(callback.scale);
    }
    expect(scales).toEqual(expected);
    // Each epoch's update used the scale set at the end of the epoch before.
    // (float32 on the device: 0.2 is stored as 0.20000000298…)
    expect(applied).toEqual([1, ...expected.slice(0, -1)].map(Math.fround));
    expect(state.scale.dataSync()[0]).toBe(Math.fround(0.2));
    disposeState(state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("in 'max' mode waits for the value to rise by more than minDelta", () => {
    const { callback } = reduceOnPlateau({
      monitor: 'val_accuracy',
      mode: 'max',
      patience: 1,
      minDelta: 0.05,
    });
    callback.onTrainBegin?.(ctx);
    // e0 0.5 best · e1 0.54 (not > 0.55): wait 1 → 0.1 · e2 0.7 best · e3 0.6 wait 1 → 0.01
    const scales = [0.5, 0.54, 0.7, 0.6].map((v, e) => {
      callback.onEpochEnd?.(e, { val_accuracy: v }, ctx);
      return callback.scale;
    });
    expect(scales.map((s) => +s.toPrecision(12))).toEqual([1, 0.1, 0.1, 0.01]);
  });

  it('resumed through the callback state, it continues exactly as an uninterrupted run', () => {
    for (const cut of [2, 3, 6]) {
      const first = reduceOnPlateau(options);
      first.callback.onTrainBegin?.(ctx);
      for (let e = 0; e < cut; e++) first.callback.onEpochEnd?.(e, { val_loss: losses[e]! }, ctx);
      const saved = first.callback.getState();
      const second = reduceOnPlateau(options);
      second.callback.setState(saved);
      second.callback.onTrainBegin?.(ctx);
      const scales: number[] = [];
      for (let e = cut; e < losses.length; e++) {
        second.callback.onEpochEnd?.(e, { val_loss: losses[e]! }, ctx);
        scales.push(second.callback.scale);
      }
      expect(scales).toEqual(expected.slice(cut));
    }
  });

  it('restores the scale from the optimizer state alone (a checkpointed chain state)', () => {
    const first = reduceOnPlateau(options);
    first.callback.onTrainBegin?.(ctx);
    for (let e = 0; e < 5; e++) first.callback.onEpochEnd?.(e, { val_loss: losses[e]! }, ctx);
    expect(first.callback.scale).toBe(0.25);
    const opt1 = chain(first.transform, scaleByLearningRate(1));
    const saved = opt1.init({});
    // A new pair, given the saved state: its updates and its callback use 0.25 from the first update on.
    const second = reduceOnPlateau(options);
    const opt2 = chain(second.transform, scaleByLearningRate(1));
    const g = { w: tf.scalar(4) };
    const out = opt2.update(g, saved);
    expect((out.updates.w as tf.Tensor).dataSync()[0]).toBe(-1);
    expect(second.callback.scale).toBe(0.25);
    disposeState([saved, out.state]);
    disposeTree(out.updates);
    disposeTree(g);
  });

  it('names a missing monitor and rejects bad options', () => {
    const { callback } = reduceOnPlateau();
    expect(() => callback.onEpochEnd?.(0, { loss: 1 }, ctx)).toThrow(
      "reduceOnPlateau({monitor}): 'val_loss' is not in the epoch logs; available: 'loss'",
    );
    expect(() => reduceOnPlateau({ factor: 1 })).toThrow('reduceOnPlateau({factor}): must be below 1');
    expect(() => reduceOnPlateau({ patience: -1 })).toThrow(
      'reduceOnPlateau({patience}): must be a non-negative integer, got -1',
    );
    expect(() => reduceOnPlateau({ mode: 'auto' as never })).toThrow(
      "reduceOnPlateau({mode}): must be one of 'min', 'max'",
    );
    expect(() => reduceOnPlateau({ factr: 0.5 } as never)).toThrow("reduceOnPlateau: unknown option 'factr'");
    expect(() => callback.setState({ scale: 1, best: 0, wait: -1, cooldownCounter: 0 })).toThrow(
      'reduceOnPlateau.setState(state).wait: must be a non-negative integer, got -1',
    );
  });
});
