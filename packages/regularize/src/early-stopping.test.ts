import { type CallbackContext, disposeTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type EarlyStoppingOptions, type EarlyStoppingState, earlyStopping } from './early-stopping.js';

/** A stand-in for the training loop: it owns params and disposes the ones it replaces. */
function fakeLoop() {
  let params: TensorTree = { w: tf.tensor1d([0, 0]) };
  let setCalls = 0;
  const ctx: CallbackContext = {
    epochs: 100,
    get params() {
      return params;
    },
    setParams(p) {
      setCalls++;
      disposeTree(params);
      params = p;
    },
  };
  return {
    ctx,
    /** What an optimizer step does: new params, the old ones freed. */
    step(value: number) {
      const next = { w: tf.tensor1d([value, -value]) };
      disposeTree(params);
      params = next;
    },
    get setCalls() {
      return setCalls;
    },
    values: () => Array.from((params.w as tf.Tensor).dataSync()),
    dispose: () => disposeTree(params),
  };
}

/** Runs scripted epoch values; returns the epoch at which the callback asked to stop (or undefined). */
function script(options: EarlyStoppingOptions, values: number[], key = options.monitor ?? 'val_loss') {
  const loop = fakeLoop();
  const cb = earlyStopping(options);
  cb.onTrainBegin?.(loop.ctx);
  let stopped: number | undefined;
  for (const [epoch, v] of values.entries()) {
    loop.step(epoch);
    if (cb.onEpochEnd?.(epoch, { loss: 1, [key]: v }, loop.ctx)) {
      stopped = epoch;
      break;
    }
  }
  cb.onTrainEnd?.(loop.ctx);
  const result = {
    stopped,
    best: cb.best,
    bestEpoch: cb.bestEpoch,
    params: loop.values(),
    setCalls: loop.setCalls,
  };
  loop.dispose();
  return result;
}

describe('earlyStopping', () => {
  it('stops once `patience` epochs in a row fail to improve (hand-checked, Keras semantics)', () => {
    // e0 1.0 best (wait 0), e1 0.9 best (0), e2 0.95 (wait 1), e3 0.92 (wait 2 = patience) → stop at 3.
    expect(script({ patience: 2 }, [1.0, 0.9, 0.95, 0.92, 0.5]).stopped).toBe(3);
    // An improvement resets the counter: e2 0.95 (1), e3 0.85 best (0), e4 0.9 (1), e5 0.9 (2) → 5.
    expect(script({ patience: 2 }, [1.0, 0.9, 0.95, 0.85, 0.9, 0.9]).stopped).toBe(5);
    // patience 0: the first epoch that does not improve stops it; equal is not better.
    expect(script({ patience: 0 }, [1.0, 1.0]).stopped).toBe(1);
    // Never stops while improving.
    expect(script({ patience: 0 }, [5, 4, 3, 2, 1]).stopped).toBeUndefined();
  });

  it('counts only improvements larger than minDelta, and keeps the best without minDelta applied', () => {
    // minDelta given as −0.05 (its absolute value is used, as in Keras), patience 2: e1 0.96 (+0.05 = 1.01 ≥ 1.0: wait 1), e2 0.90 improves (0.95 < 1.0,
    // best 0.90, wait 0), e3 0.89 (0.94 ≥ 0.90: 1), e4 0.88 (2) → stop at 4 with best 0.90 from e2.
    const r = script({ patience: 2, minDelta: -0.05 }, [1.0, 0.96, 0.9, 0.89, 0.88, 0.1]);
    expect(r.stopped).toBe(4);
    expect(r.best).toBe(0.9);
    expect(r.bestEpoch).toBe(2);
  });

  it("in 'max' mode (auto for accuracy) higher is better", () => {
    const r = script({ monitor: 'val_accuracy', patience: 1 }, [0.5, 0.7, 0.6, 0.65, 0.8]);
    // e2 0.6 (wait 1 = patience) → stop at 2, best 0.7.
    expect(r.stopped).toBe(2);
    expect(r.best).toBe(0.7);
    expect(earlyStopping({ monitor: 'val_accuracy' }).mode).toBe('max');
    expect(earlyStopping({ monitor: 'loss' }).mode).toBe('min');
    expect(earlyStopping({ monitor: 'val_auc', mode: 'min' }).mode).toBe('min');
  });

  it('with a baseline, resets the counter only on epochs that beat the baseline', () => {
    // max, baseline 0.5, patience 2. Improvements return before the stop check (as in Keras), so
    // e0..e2 improve without beating 0.5 and the counter climbs to 3; e3 0.44 does not improve → stop.
    const r = script({ monitor: 'acc', baseline: 0.5, patience: 2 }, [0.3, 0.4, 0.45, 0.44]);
    expect(r.stopped).toBe(3);
    // Beating the baseline resets it: e2 0.6 (wait 0), e3, e4 no improvement → stop at 4.
    expect(script({ monitor: 'acc', baseline: 0.5, patience: 2 }, [0.3, 0.4, 0.6, 0.5, 0.5]).stopped).toBe(4);
  });

  it('ignores epochs before startFromEpoch', () => {
    // Epochs 0-1 are warm-up; e2 sets the best, e3 does not improve → stop at 3 with patience 0.
    const r = script({ patience: 0, startFromEpoch: 2 }, [0.1, 5, 1, 2]);
    expect(r.stopped).toBe(3);
    expect(r.best).toBe(1);
  });

  it('restoreBest hands back exactly the best epoch’s params at train end, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    // The loop's params at epoch e are [e, −e]; the best val_loss is at epoch 2.
    const r = script({ patience: 2, restoreBest: true }, [3, 2, 1, 1.5, 1.2, 0.5]);
    expect(r.stopped).toBe(4);
    expect(r.params).toEqual([2, -2]);
    expect(r.setCalls).toBe(1);
    // Training that ends without stopping restores too (as in Keras 3), here epoch 1's params.
    const r2 = script({ patience: 5, restoreBest: true }, [3, 1, 2]);
    expect(r2.stopped).toBeUndefined();
    expect(r2.params).toEqual([1, -1]);
    // Without any improvement (NaN), the first epoch's params are kept.
    expect(script({ patience: 1, restoreBest: true }, [Number.NaN, Number.NaN, 1]).params).toEqual([0, -0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds one snapshot at a time and frees it on dispose or the next onTrainBegin', () => {
    const loop = fakeLoop();
    const cb = earlyStopping({ patience: 3, restoreBest: true });
    const before = tf.memory().numTensors;
    cb.onTrainBegin?.(loop.ctx);
    for (let epoch = 0; epoch < 5; epoch++) {
      loop.step(epoch);
      cb.onEpochEnd?.(epoch, { val_loss: 10 - epoch }, loop.ctx);
      expect(tf.memory().numTensors).toBe(before + 1);
    }
    cb.onTrainBegin?.(loop.ctx);
    expect(tf.memory().numTensors).toBe(before);
    cb.onEpochEnd?.(0, { val_loss: 1 }, loop.ctx);
    cb.dispose();
    expect(tf.memory().numTensors).toBe(before);
    loop.dispose();
  });

  it('names the missing monitor and lists the available keys', () => {
    const loop = fakeLoop();
    const cb = earlyStopping();
    expect(() => cb.onEpochEnd?.(0, { loss: 1, accuracy: 0.5 }, loop.ctx)).toThrow(
      /earlyStopping\(\{monitor\}\): 'val_loss' is not in the epoch logs; available: 'loss', 'accuracy'.*validation data/,
    );
    loop.dispose();
  });

  it('rejects bad options with labelled errors', () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow(
      /earlyStopping\(\{patience\}\): must be a non-negative/,
    );
    expect(() => earlyStopping({ monitor: 'foo' })).toThrow(/'foo' should go down or up; pass mode/);
    expect(() => earlyStopping({ mode: 'down' as never })).toThrow(
      /earlyStopping\(\{mode\}\): must be one of/,
    );
    expect(() => earlyStopping({ patince: 2 } as never)).toThrow(/unknown option 'patince'/);
  });

  describe('getState / setState (resume)', () => {
    /** Drives epochs [from, to) of a scripted run; returns the epoch it stopped at, if it did. */
    const drive = (
      cb: ReturnType<typeof earlyStopping>,
      loop: ReturnType<typeof fakeLoop>,
      values: number[],
      from: number,
      to: number,
    ) => {
      for (let epoch = from; epoch < to; epoch++) {
        loop.step(epoch);
        if (cb.onEpochEnd?.(epoch, { val_loss: values[epoch]! }, loop.ctx)) return epoch;
      }
      return undefined;
    };
    // Best at e2 (1.0); e3..e5 do not improve on it by more than minDelta 0.05 → patience 3 → stop at e5.
    const values = [3, 2, 1, 0.97, 1.5, 1.2, 0.1, 0.1];
    const options: EarlyStoppingOptions = { patience: 3, minDelta: 0.05, restoreBest: true };

    it('a run restored mid-way stops at the same epoch with the same restored params', () => {
      const before = tf.memory().numTensors;
      const straight = script(options, values);
      expect(straight.stopped).toBe(5);
      expect(straight.params).toEqual([2, -2]);

      for (const cut of [1, 3, 4]) {
        // First run: epochs [0, cut), then a checkpoint; the process dies.
        const loop1 = fakeLoop();
        const cb1 = earlyStopping(options);
        cb1.onTrainBegin?.(loop1.ctx);
        expect(drive(cb1, loop1, values, 0, cut)).toBeUndefined();
        const saved: EarlyStoppingState = cb1.getState();
        cb1.dispose();
        loop1.dispose();
        // Resumed run: a new callback, state restored before onTrainBegin, params as checkpointed.
        const loop2 = fakeLoop();
        loop2.step(cut - 1);
        const cb2 = earlyStopping(options);
        cb2.setState(saved);
        cb2.onTrainBegin?.(loop2.ctx);
        const stopped = drive(cb2, loop2, values, cut, values.length);
        cb2.onTrainEnd?.(loop2.ctx);
        expect([cut, stopped, cb2.best, cb2.bestEpoch, cb2.stoppedEpoch]).toEqual([cut, 5, 1, 2, 5]);
        expect(loop2.values()).toEqual([2, -2]);
        loop2.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    });

    it('getState is a plain copy the caller owns: counters, ±Infinity before any epoch, null when absent', () => {
      const cb = earlyStopping({ monitor: 'val_accuracy', patience: 2 });
      expect(cb.getState()).toEqual({
        best: -Infinity,
        wait: 0,
        bestEpoch: null,
        stoppedEpoch: null,
        bestParams: null,
      });
      const loop = fakeLoop();
      cb.onTrainBegin?.(loop.ctx);
      cb.onEpochEnd?.(0, { val_accuracy: 0.5 }, loop.ctx);
      cb.onEpochEnd?.(1, { val_accuracy: 0.4 }, loop.ctx);
      expect(cb.getState()).toEqual({
        best: 0.5,
        wait: 1,
        bestEpoch: 0,
        stoppedEpoch: null,
        bestParams: null,
      });

      const withParams = earlyStopping({ patience: 2, restoreBest: true });
      withParams.onTrainBegin?.(loop.ctx);
      loop.step(7);
      withParams.onEpochEnd?.(0, { val_loss: 1 }, loop.ctx);
      const before = tf.memory().numTensors;
      const state = withParams.getState();
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(Array.from(((state.bestParams as TensorTree).w as tf.Tensor).dataSync())).toEqual([7, -7]);
      // The copy is independent: freeing it leaves the callback's snapshot intact.
      disposeTree(state.bestParams);
      withParams.onTrainEnd?.(loop.ctx);
      expect(loop.values()).toEqual([7, -7]);
      loop.dispose();
    });

    it('a fresh onTrainBegin after a finished resumed run resets as usual', () => {
      const cb = earlyStopping({ patience: 1 });
      cb.setState({ best: 0.5, wait: 1, bestEpoch: 3, stoppedEpoch: null, bestParams: null });
      const loop = fakeLoop();
      cb.onTrainBegin?.(loop.ctx);
      expect(cb.best).toBe(0.5);
      cb.onTrainBegin?.(loop.ctx);
      expect([cb.best, cb.bestEpoch]).toEqual([Infinity, undefined]);
      loop.dispose();
    });

    it('frees restored best params it will never hand back (restoreBest off)', () => {
      const before = tf.memory().numTensors;
      const cb = earlyStopping({ patience: 1 });
      cb.setState({ best: 1, wait: 0, bestEpoch: 0, stoppedEpoch: null, bestParams: { w: tf.scalar(3) } });
      expect(tf.memory().numTensors).toBe(before);
      expect(cb.getState().bestParams).toBeNull();
    });

    it('rejects a malformed state with labelled errors', () => {
      const cb = earlyStopping();
      expect(() => cb.setState(null as never)).toThrow(
        /earlyStopping.setState\(state\): must be the object getState\(\) returned/,
      );
      const ok = { best: 1, wait: 0, bestEpoch: null, stoppedEpoch: null, bestParams: null };
      expect(() => cb.setState({ ...ok, wait: -1 })).toThrow(
        /earlyStopping.setState\(state\).wait: must be a non-negative integer/,
      );
      expect(() => cb.setState({ ...ok, extra: 1 } as never)).toThrow(/unknown option 'extra'/);
    });
  });

  it('minDelta and an explicit mode work in max mode too', () => {
    // max, minDelta 0.1, patience 1: e1 0.55 is not > 0.5 + 0.1 → wait 1 → stop at 1.
    expect(
      script({ monitor: 'score', mode: 'max', minDelta: 0.1, patience: 1 }, [0.5, 0.55, 0.9]).stopped,
    ).toBe(1);
    // e1 0.65 improves by more than 0.1; e2 0.7 does not → stop at 2 with best 0.65.
    const r = script({ monitor: 'score', mode: 'max', minDelta: 0.1, patience: 1 }, [0.5, 0.65, 0.7]);
    expect([r.stopped, r.best]).toEqual([2, 0.65]);
  });
});
