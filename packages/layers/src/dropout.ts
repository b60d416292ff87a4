import {
  assertKnownKeys,
  assertNumber,
  bernoulli,
  ConfigError,
  type Rng,
  resolveRate,
  type Schedule,
  type Shape,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { identity } from './internal/identity.js';
import { lazyGradOp } from './internal/lazy-grad-op.js';
import { checkName } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Inverted dropout (Srivastava et al. 2014): while training, each entry is zeroed with probability
 * `rate` and the survivors are scaled by 1 / (1 - rate), so the expected output equals the input and
 * inference is the identity. The mask comes from `ctx.rng`, so a seeded run drops the same units.
 * `rate` may be a `Schedule` of the optimizer step (`ctx.step`, which `fit` passes): e.g. a rate
 * raised from 0 over training, as in curriculum or scheduled dropout (Morerio et al. 2017).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { dropout } from '@strata/layers';
 *
 * const drop = dropout({ rate: 0.5 });
 * const x = tf.ones([1, 4]);
 * const { y } = drop.apply({}, x, { training: true, rng: createRng(1), state: {} });
 * // Kept values are scaled by 1 / (1 − rate):
 * Array.from(y.dataSync()).every((v) => v === 0 || v === 2); // => true
 * drop.apply({}, x, { training: false, state: {} }).y; // => [[1, 1, 1, 1]]
 * // A rate that grows with the step: nothing is dropped at step 0.
 * const growing = dropout({ rate: (step) => Math.min(0.5, step / 1000) });
 * growing.apply({}, x, { training: true, rng: createRng(1), state: {}, step: 0 }).y; // => [[1, 1, 1, 1]]
 * ```
 */
export function dropout(options: {
  readonly rate: number | Schedule;
  readonly name?: string;
}): LayerWithKind {
  assertKnownKeys(options ?? {}, ['rate', 'name'], 'dropout');
  const rateLabel = 'dropout({rate})';
  /** The rate at `step`, checked: a schedule is checked each time it is called. */
  const rateAt = (step: number): number => {
    if (typeof options.rate !== 'function') assertNumber(options.rate, rateLabel, { min: 0, max: 1 });
    const rate = resolveRate(options.rate, step, rateLabel);
    if (rate >= 1) {
      throw new ConfigError(
        rateLabel,
        `must be below 1 (a rate of 1 drops everything), got ${rate}${typeof options.rate === 'function' ? ` at step ${step}` : ''}; use 0 ≤ rate < 1`,
      );
    }
    return rate;
  };
  if (typeof options.rate !== 'function') rateAt(0);
  const name = checkName(options.name, 'dropout', 'dropout({name})');
  const label = layerLabel('dropout', name);
  return {
    name,
    kind: 'Dropout',
    init(_rng: Rng, inputShape: Shape) {
      return { params: {}, state: {}, outputShape: inputShape };
    },
    apply(_params, x, ctx) {
      const rate = ctx.training ? rateAt(ctx.step ?? 0) : 0;
      if (rate === 0) return { y: tf.tidy(() => identity(x)), state: {} };
      const scale = 1 / (1 - rate);
      const rng = ctx.rng;
      if (!rng) {
        throw new ConfigError(
          label,
          'training drops units at random and needs a generator: pass { training: true, rng } to apply',
        );
      }
      const y = tf.tidy(() => {
        // The mask is an input of the op rather than made inside it: tfjs's kernel leak check (on in
        // tests) counts a tensor that an op makes and saves, but does not return, as a leak. Nothing
        // differentiates the mask, so its gradient is never computed.
        const kept = tf.mul(bernoulli(rng, x.shape, 1 - rate), scale);
        return lazyGradOp(([xIn, k], save) => {
          save([k!]);
          return {
            value: tf.mul(xIn!, k!),
            gradFunc: (dy, [ks]) => [() => tf.mul(dy, ks!), () => tf.zerosLike(ks!)],
          };
        })(x, kept);
      });
      return { y, state: {} };
    },
  };
}
