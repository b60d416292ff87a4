import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  type Callback,
  ConfigError,
  type GradientTransformation,
  type Logs,
  mapTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

export interface ReduceOnPlateauOptions {
  /** The epoch log to watch. Default 'val_loss'. */
  readonly monitor?: string;
  /** 'min' (default): lower is better; 'max': higher is better. */
  readonly mode?: 'min' | 'max';
  /** The scale is multiplied by this on a plateau, in (0, 1). Default 0.1. */
  readonly factor?: number;
  /** Epochs without improvement before the scale is reduced (an integer ≥ 0). Default 10. */
  readonly patience?: number;
  /** The smallest change that counts as an improvement (absolute, ≥ 0). Default 1e-4. */
  readonly minDelta?: number;
  /** Epochs to wait after a reduction before counting again (an integer ≥ 0). Default 0. */
  readonly cooldown?: number;
  /** The scale never goes below this (≥ 0). Default 0. */
  readonly minScale?: number;
}

/** The transformation's state: the scale applied by the last update (the scale now, after `init`). */
export interface ReduceOnPlateauState {
  readonly scale: tf.Scalar;
}

/** The callback's state, as `getState` returns it and `setState` takes it (plain numbers). */
export interface ReduceOnPlateauCallbackState {
  /** The current multiplier on the updates, 1 at the start. */
  readonly scale: number;
  /** The best monitored value since the last `onTrainBegin` (±Infinity before the first epoch). */
  readonly best: number;
  /** Epochs without improvement, counted outside cooldown. */
  readonly wait: number;
  /** Epochs of cooldown left. */
  readonly cooldownCounter: number;
}

/** The callback half of `reduceOnPlateau`. */
export interface ReduceOnPlateauCallback extends Callback {
  /** The current multiplier on the updates. */
  readonly scale: number;
  getState(): ReduceOnPlateauCallbackState;
  /** Restores `getState`'s value before `onTrainBegin` of a resumed run, which then keeps it. */
  setState(state: ReduceOnPlateauCallbackState): void;
}

export interface ReduceOnPlateau {
  /** Multiplies every update by the current scale; chain it before the learning rate. */
  readonly transform: GradientTransformation<ReduceOnPlateauState>;
  /** Watches the epoch logs and lowers the scale on a plateau; pass it to the training loop's callbacks. */
  readonly callback: ReduceOnPlateauCallback;
}

const OPTIONS = ['monitor', 'mode', 'factor', 'patience', 'minDelta', 'cooldown', 'minScale'] as const;
const STATE_KEYS = ['scale', 'best', 'wait', 'cooldownCounter'] as const;

/**
 * Lowers the step size when a monitored epoch log stops improving, with Keras's `ReduceLROnPlateau`
 * rules, as a pair that shares one scale: a `transform` that multiplies the updates by the scale, and
 * a `callback` that watches the epoch logs. At each epoch end: during cooldown the counter ticks down
 * and the wait count is reset; an improvement (better than the best by more than `minDelta`) records
 * the best and resets the wait count; otherwise, outside cooldown, the wait count grows, and once it
 * reaches `patience` the scale becomes `max(scale · factor, minScale)` (if above `minScale`), the wait
 * count resets and cooldown starts. The scale multiplies whatever the chain computed, so
 * `chain(scaleByAdam(), transform, scaleByLearningRate(lr))` gives Keras's behaviour with
 * `lr · scale` as the learning rate (optax's `reduce_on_plateau` is a transformation of the same kind,
 * told the loss through `update`; here the loop's callbacks carry it).
 *
 * Checkpoints: the transform's state mirrors the scale as a scalar tensor, and the first `update` of a
 * new pair adopts the scale of the state it is given (one device read, once), so restoring the
 * optimizer state restores the scale. The callback's `getState`/`setState` carry the scale and the
 * plateau counters; `onTrainBegin` after `setState` keeps them (otherwise it resets the counters and
 * keeps the scale, as Keras does). Use a new pair for each training run.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { chain, reduceOnPlateau, scaleByLearningRate } from '@strata/optim';
 *
 * const plateau = reduceOnPlateau({ factor: 0.5, patience: 1, minDelta: 0 });
 * const optimizer = chain(plateau.transform, scaleByLearningRate(0.1));
 * // Normally: fit({ optimizer, callbacks: [plateau.callback], ... }). Driven by hand here:
 * const ctx = { epochs: 3, params: {}, setParams() {} };
 * plateau.callback.onTrainBegin?.(ctx);
 * plateau.callback.onEpochEnd?.(0, { val_loss: 1 }, ctx);
 * plateau.callback.onEpochEnd?.(1, { val_loss: 1 }, ctx); // no improvement for 1 epoch: halve
 * plateau.callback.scale; // => 0.500
 * const { updates } = optimizer.update({ w: tf.scalar(2) }, optimizer.init({}));
 * updates.w; // => -0.100
 * ```
 */
export function reduceOnPlateau(options: ReduceOnPlateauOptions = {}): ReduceOnPlateau {
  const label = 'reduceOnPlateau';
  assertKnownKeys(options, OPTIONS, label);
  const {
    monitor = 'val_loss',
    mode = 'min',
    factor = 0.1,
    patience = 10,
    minDelta = 1e-4,
    cooldown = 0,
    minScale = 0,
  } = options;
  if (typeof monitor !== 'string' || monitor === '') {
    throw new ConfigError(`${label}({monitor})`, `must be the name of an epoch log, got ${String(monitor)}`);
  }
  assertOneOf(mode, ['min', 'max'], `${label}({mode})`);
  assertNumber(factor, `${label}({factor})`, { min: 0, max: 1, exclusiveMin: true });
  if (factor === 1) throw new ConfigError(`${label}({factor})`, 'must be below 1 to reduce anything, got 1');
  assertInteger(patience, `${label}({patience})`, 0);
  assertNumber(minDelta, `${label}({minDelta})`, { min: 0 });
  assertInteger(cooldown, `${label}({cooldown})`, 0);
  assertNumber(minScale, `${label}({minScale})`, { min: 0 });
  // Keras: an improvement is `current < best − minDelta` ('min') or `current > best + minDelta`.
  const improves = (current: number, best: number) =>
    mode === 'min' ? current < best - minDelta : current > best + minDelta;
  const worst = mode === 'min' ? Infinity : -Infinity;

  let scale = 1;
  let best = worst;
  let wait = 0;
  let cooldownCounter = 0;
  let restored = false;
  let adopted = false;

  const transform: GradientTransformation<ReduceOnPlateauState> = {
    init: () => ({ scale: tf.scalar(scale) }),
    update(grads, state) {
      if (!adopted) {
        // A state from a checkpoint carries the scale it was saved with.
        scale = state.scale.dataSync()[0]!;
        adopted = true;
      }
      const s = scale;
      return tf.tidy(() => ({
        updates: mapTree(grads, (g) => tf.mul(g, s)),
        state: { scale: tf.scalar(s) },
      }));
    },
  };

  const callback: ReduceOnPlateauCallback = {
    get scale() {
      return scale;
    },
    getState: () => ({ scale, best, wait, cooldownCounter }),
    setState(state) {
      const where = `${label}.setState(state)`;
      if (typeof state !== 'object' || state === null) {
        throw new ConfigError(where, `must be the object getState() returned, got ${String(state)}`);
      }
      assertKnownKeys(state, STATE_KEYS, where);
      assertNumber(state.scale, `${where}.scale`, { min: 0 });
      if (typeof state.best !== 'number' || Number.isNaN(state.best)) {
        throw new ConfigError(
          `${where}.best`,
          `must be a number (±Infinity allowed), got ${String(state.best)}`,
        );
      }
      assertInteger(state.wait, `${where}.wait`, 0);
      assertInteger(state.cooldownCounter, `${where}.cooldownCounter`, 0);
      ({ scale, best, wait, cooldownCounter } = state);
      restored = true;
      // The restored scale wins over whatever optimizer state the first update sees.
      adopted = true;
    },
    onTrainBegin() {
      if (restored) {
        restored = false;
        return;
      }
      best = worst;
      wait = 0;
      cooldownCounter = 0;
    },
    onEpochEnd(_epoch: number, logs: Logs) {
      const current = logs[monitor];
      if (current === undefined) {
        const keys = Object.keys(logs);
        throw new ConfigError(
          `${label}({monitor})`,
          `'${monitor}' is not in the epoch logs; available: ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'none'}`,
        );
      }
      if (cooldownCounter > 0) {
        cooldownCounter -= 1;
        wait = 0;
      }
      if (improves(current, best)) {
        best = current;
        wait = 0;
      } else if (cooldownCounter <= 0) {
        wait += 1;
        if (wait >= patience && scale > minScale) {
          scale = Math.max(scale * factor, minScale);
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    },
  };
  return { transform, callback };
}
