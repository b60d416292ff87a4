import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  type Callback,
  type CallbackContext,
  ConfigError,
  disposeTree,
  type Logs,
  mapTree,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

export interface EarlyStoppingOptions {
  /** The epoch log to watch. Default 'val_loss'. */
  readonly monitor?: string;
  /**
   * 'min' (lower is better), 'max', or 'auto' (default): 'max' for names with acc, auc, precision,
   * recall, f1 or iou; 'min' for loss, error, mse, mae, crossentropy; anything else must say which.
   */
  readonly mode?: 'min' | 'max' | 'auto';
  /** Epochs without improvement to allow before stopping (an integer ≥ 0). Default 0. */
  readonly patience?: number;
  /** The smallest change that counts as an improvement (its absolute value is used). Default 0. */
  readonly minDelta?: number;
  /** Keep a copy of the params from the best epoch and restore it when training ends. Default false. */
  readonly restoreBest?: boolean;
  /** The patience counter only resets on epochs that also beat this value. */
  readonly baseline?: number;
  /** Epochs to ignore at the start (warm-up). Default 0. */
  readonly startFromEpoch?: number;
}

/** The early-stopping callback, with what it has seen so far (reset at each `onTrainBegin` but a resumed one). */
export interface EarlyStopping extends Callback {
  /** The resolved direction. */
  readonly mode: 'min' | 'max';
  /** The best monitored value so far (±Infinity before the first epoch). */
  readonly best: number;
  /** The epoch of `best`, once one was seen. */
  readonly bestEpoch: number | undefined;
  /** The epoch at which it asked training to stop, if it did. */
  readonly stoppedEpoch: number | undefined;
  /** Frees the snapshot of the best params if training ended without `onTrainEnd` (e.g. an error). */
  dispose(): void;
  /**
   * What a checkpoint must keep to resume this callback: its counters and (with `restoreBest`) a copy
   * of the best params. The caller owns the returned tensors.
   */
  getState(): EarlyStoppingState;
  /**
   * Restores `getState`'s value (from a checkpoint) and takes ownership of its `bestParams`. Call it
   * before `onTrainBegin` of the resumed run; that `onTrainBegin` then keeps the restored state.
   */
  setState(state: EarlyStoppingState): void;
}

/**
 * Early stopping's state between epochs, as `getState` returns it and `setState` takes it: plain
 * numbers (`best` is ±Infinity before the first monitored epoch) and, with `restoreBest`, the best
 * epoch's params as a `TensorTree`. Absent values are `null`.
 */
export interface EarlyStoppingState {
  /** The best monitored value so far. */
  readonly best: number;
  /** Monitored epochs since the counter was last reset. */
  readonly wait: number;
  /** The epoch of `best`, or null before one was seen. */
  readonly bestEpoch: number | null;
  /** The epoch at which it asked training to stop, or null. */
  readonly stoppedEpoch: number | null;
  /** With `restoreBest`: the params of `bestEpoch` (the first monitored epoch's if none improved); else null. */
  readonly bestParams: TensorTree | null;
}

const OPTIONS = [
  'monitor',
  'mode',
  'patience',
  'minDelta',
  'restoreBest',
  'baseline',
  'startFromEpoch',
] as const;

const STATE_KEYS = ['best', 'wait', 'bestEpoch', 'stoppedEpoch', 'bestParams'] as const;

function autoMode(monitor: string): 'min' | 'max' {
  const name = monitor.replace(/^val_/, '').toLowerCase();
  if (/acc|auc|precision|recall|f1|iou/.test(name)) return 'max';
  if (/loss|error|mse|mae|crossentropy|hinge|divergence/.test(name)) return 'min';
  throw new ConfigError(
    'earlyStopping({mode})',
    `cannot tell whether '${monitor}' should go down or up; pass mode: 'min' or mode: 'max'`,
  );
}

/** Copies the params so they outlive the loop replacing (and disposing) its own. */
function snapshot(params: TensorTree): TensorTree {
  return mapTree(params, (t) => tf.keep(tf.clone(t)));
}

/**
 * Stops training when the monitored epoch log has stopped improving, with Keras's `EarlyStopping`
 * semantics: each epoch increments a wait counter; an improvement (better than the best by more than
 * `minDelta`) records the new best and resets the counter (if it also beats `baseline`); otherwise,
 * once the counter reaches `patience` (and never on epoch 0), `onEpochEnd` returns `{ stop: true }`.
 * With `restoreBest` it keeps its own copy of the best epoch's params (the first epoch's if none
 * improved) and hands it to `ctx.setParams` when training ends, stopped early or not. A monitored
 * key missing from the logs is an error that lists the keys that are there.
 *
 * Resuming: the training loop saves `getState()` in each checkpoint (a copy: the loop owns it) and,
 * on resume, calls `setState(saved)` before `onTrainBegin`, which then keeps the restored best value,
 * wait count, epochs and best params instead of resetting them, so the resumed run stops at the
 * epoch, and restores the params, that an uninterrupted run would.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { disposeTree, type TensorTree } from '@strata/core';
 * import { earlyStopping } from '@strata/regularize';
 *
 * const stop = earlyStopping({ monitor: 'val_loss', patience: 2, restoreBest: true });
 * // Normally: fit({ ..., callbacks: [stop] }). Here driven by hand; each epoch's params are w = epoch.
 * let params: TensorTree = { w: tf.scalar(0) };
 * const ctx = {
 *   epochs: 10,
 *   get params() { return params; },
 *   setParams(p: TensorTree) { disposeTree(params); params = p; },
 * };
 * stop.onTrainBegin?.(ctx);
 * for (const [epoch, valLoss] of [0.9, 0.7, 0.8, 0.75].entries()) {
 *   disposeTree(params);
 *   params = { w: tf.scalar(epoch) };
 *   if (stop.onEpochEnd?.(epoch, { val_loss: valLoss }, ctx)) break;
 * }
 * // Best at epoch 1 (0.7); epochs 2 and 3 do not improve on it, which is the patience of 2.
 * [stop.bestEpoch, stop.best, stop.stoppedEpoch]; // => [1, 0.7, 3]
 * stop.onTrainEnd?.(ctx); // restores the best epoch's params
 * params; // => { w: 1 }
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  assertKnownKeys(options, OPTIONS, 'earlyStopping');
  const { monitor = 'val_loss', patience = 0, restoreBest = false, baseline, startFromEpoch = 0 } = options;
  if (typeof monitor !== 'string' || monitor === '') {
    throw new ConfigError(
      'earlyStopping({monitor})',
      `must be the name of an epoch log, got ${String(monitor)}`,
    );
  }
  const modeOption = options.mode ?? 'auto';
  assertOneOf(modeOption, ['min', 'max', 'auto'], 'earlyStopping({mode})');
  assertInteger(patience, 'earlyStopping({patience})', 0);
  assertNumber(options.minDelta ?? 0, 'earlyStopping({minDelta})');
  if (baseline !== undefined) assertNumber(baseline, 'earlyStopping({baseline})');
  assertInteger(startFromEpoch, 'earlyStopping({startFromEpoch})', 0);
  const mode = modeOption === 'auto' ? autoMode(monitor) : modeOption;
  const minDelta = Math.abs(options.minDelta ?? 0);
  // Keras: an improvement is `current − minDelta > reference` ('max') or `current + minDelta < reference`.
  const improves = (current: number, reference: number) =>
    mode === 'min' ? current + minDelta < reference : current - minDelta > reference;

  let wait = 0;
  let best = mode === 'min' ? Infinity : -Infinity;
  let bestEpoch: number | undefined;
  let stoppedEpoch: number | undefined;
  let bestParams: TensorTree | undefined;
  let snapshotEpoch: number | undefined;
  let restored = false;

  const dropSnapshot = () => {
    disposeTree(bestParams);
    bestParams = undefined;
    snapshotEpoch = undefined;
  };
  const takeSnapshot = (epoch: number, ctx: CallbackContext) => {
    if (snapshotEpoch === epoch) return;
    dropSnapshot();
    bestParams = snapshot(ctx.params);
    snapshotEpoch = epoch;
  };

  return {
    get mode() {
      return mode;
    },
    get best() {
      return best;
    },
    get bestEpoch() {
      return bestEpoch;
    },
    get stoppedEpoch() {
      return stoppedEpoch;
    },
    dispose: dropSnapshot,
    getState(): EarlyStoppingState {
      return {
        best,
        wait,
        bestEpoch: bestEpoch ?? null,
        stoppedEpoch: stoppedEpoch ?? null,
        bestParams: bestParams ? mapTree(bestParams, (t) => tf.clone(t)) : null,
      };
    },
    setState(state: EarlyStoppingState) {
      const label = 'earlyStopping.setState(state)';
      if (typeof state !== 'object' || state === null) {
        throw new ConfigError(label, `must be the object getState() returned, got ${String(state)}`);
      }
      assertKnownKeys(state, STATE_KEYS, label);
      const { best: b, wait: w, bestEpoch: be, stoppedEpoch: se, bestParams: bp } = state;
      if (typeof b !== 'number' || Number.isNaN(b)) {
        throw new ConfigError(`${label}.best`, `must be a number (±Infinity allowed), got ${String(b)}`);
      }
      assertInteger(w, `${label}.wait`, 0);
      if (be !== null) assertInteger(be, `${label}.bestEpoch`, 0);
      if (se !== null) assertInteger(se, `${label}.stoppedEpoch`, 0);
      if (bp !== null && (typeof bp !== 'object' || bp === undefined)) {
        throw new ConfigError(`${label}.bestParams`, 'must be a TensorTree or null');
      }
      dropSnapshot();
      best = b;
      wait = w;
      bestEpoch = be ?? undefined;
      stoppedEpoch = se ?? undefined;
      if (bp && restoreBest) {
        // Kept out of any enclosing tidy: the snapshot lives until train end or dispose.
        bestParams = mapTree(bp, (t) => tf.keep(t));
        snapshotEpoch = be ?? undefined;
      } else if (bp) {
        // Saved by a run with restoreBest; this one would never hand it back, so it frees what it owns.
        disposeTree(bp);
      }
      restored = true;
    },
    onTrainBegin() {
      // A resumed run: setState has just restored the counters, which this must not reset.
      if (restored) {
        restored = false;
        return;
      }
      wait = 0;
      best = mode === 'min' ? Infinity : -Infinity;
      bestEpoch = undefined;
      stoppedEpoch = undefined;
      dropSnapshot();
    },
    onEpochEnd(epoch: number, logs: Logs, ctx: CallbackContext) {
      const current = logs[monitor];
      if (current === undefined) {
        const keys = Object.keys(logs);
        throw new ConfigError(
          'earlyStopping({monitor})',
          `'${monitor}' is not in the epoch logs; available: ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'none'}. ` +
            `Monitor one of those${monitor.startsWith('val_') ? ', or pass validation data' : ''}`,
        );
      }
      if (epoch < startFromEpoch) return;
      // As Keras does: without any improvement the first monitored epoch's params are the best.
      if (restoreBest && bestParams === undefined) {
        takeSnapshot(epoch, ctx);
        bestEpoch = epoch;
      }
      wait += 1;
      if (improves(current, best)) {
        best = current;
        bestEpoch = epoch;
        if (restoreBest) takeSnapshot(epoch, ctx);
        if (baseline === undefined || improves(current, baseline)) wait = 0;
        return;
      }
      if (wait >= patience && epoch > 0) {
        stoppedEpoch = epoch;
        return { stop: true as const };
      }
      return;
    },
    onTrainEnd(ctx: CallbackContext) {
      if (restoreBest && bestParams !== undefined) {
        const bestSoFar = bestParams;
        // The loop takes ownership of what it is given.
        bestParams = undefined;
        snapshotEpoch = undefined;
        ctx.setParams(bestSoFar);
      }
    },
  };
}
