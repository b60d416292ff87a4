import {
  assertKnownKeys,
  assertNumber,
  ConfigError,
  createRng,
  type GradientTransformation,
  mapTree,
  type Rng,
  randomNormal,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

export interface AddNoiseOptions {
  /** The noise variance at the first step, ≥ 0. Default 0.01 (the paper's smallest setting). */
  readonly eta?: number;
  /** How fast the variance decays, ≥ 0. Default 0.55 (the paper's value). */
  readonly gamma?: number;
  /** A seed (an integer) or an `Rng`; an `Rng` is read once, when the transformation is made. */
  readonly seed: number | Rng;
}

/**
 * The step count and the seed of the next step's draws: plain numbers, so a checkpoint restores the
 * exact noise sequence.
 */
export interface AddNoiseState {
  readonly count: number;
  readonly key: number;
}

/**
 * Adds annealed Gaussian gradient noise (Neelakantan et al. 2015, "Adding Gradient Noise Improves
 * Learning for Very Deep Networks"): `g + N(0, σ²_t)` with `σ²_t = eta / (1 + t)^gamma`, t the step
 * counted from 0, as optax's `add_noise`. Draws come from Strata's seeded PCG32: the same seed gives
 * the same noise on every backend; each step seeds a fresh generator from `state.key`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { addNoise } from '@strata/optim';
 *
 * const noisy = addNoise({ eta: 0.01, seed: 42 });
 * const grads = { w: tf.zeros([1000]) };
 * const a = noisy.update(grads, noisy.init(grads)).updates.w as tf.Tensor;
 * const b = noisy.update(grads, noisy.init(grads)).updates.w as tf.Tensor;
 * tf.all(tf.equal(a, b)).dataSync()[0]; // => 1
 * // The first step's standard deviation is √0.01 = 0.1.
 * tf.sqrt(tf.moments(a).variance).dataSync()[0]; // => 0.10
 * ```
 */
export function addNoise(options: AddNoiseOptions): GradientTransformation<AddNoiseState> {
  assertKnownKeys(options, ['eta', 'gamma', 'seed'], 'addNoise');
  const { eta = 0.01, gamma = 0.55, seed } = options;
  assertNumber(eta, 'addNoise({eta})', { min: 0 });
  assertNumber(gamma, 'addNoise({gamma})', { min: 0 });
  let key0: number;
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed))
      throw new ConfigError('addNoise({seed})', `must be an integer or an Rng, got ${seed}`);
    key0 = seed;
  } else if (seed && typeof (seed as Rng).nextUint32 === 'function') key0 = seed.nextUint32();
  else
    throw new ConfigError(
      'addNoise({seed})',
      'must be an integer or an Rng (createRng(seed)); noise needs explicit randomness',
    );
  return {
    init: () => ({ count: 0, key: key0 }),
    update(grads, state) {
      const rng = createRng(state.key);
      const std = Math.sqrt(eta / (1 + state.count) ** gamma);
      const updates = tf.tidy(() =>
        mapTree(grads, (g) => {
          const noise = randomNormal(rng, g.shape, 0, std);
          return tf.add(g, noise);
        }),
      );
      return { updates, state: { count: state.count + 1, key: rng.nextUint32() } };
    },
  };
}
