import { assertOneOf, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** Activations that tfjs's fused kernels (`FusedConv2D`, `_FusedMatMul`) apply in the same pass. */
export type FusedActivationName = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu';

/**
 * An activation function with a name. `fused` says how a fused kernel computes it, so `dense` and
 * `conv2d` can apply it in the same pass as the matrix product (no extra kernel launches).
 */
export interface Activation {
  (x: tf.Tensor): tf.Tensor;
  readonly activationName: string;
  readonly fused?: { readonly activation: FusedActivationName; readonly leakyreluAlpha?: number };
}

function define(name: string, fn: (x: tf.Tensor) => tf.Tensor, fused?: Activation['fused']): Activation {
  return Object.assign(fn, fused ? { activationName: name, fused } : { activationName: name });
}

/**
 * The identity.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { linear } from '@strata/layers';
 *
 * linear(tf.tensor([-1, 2])); // => [-1, 2]
 * ```
 */
export const linear: Activation = define('linear', (x) => x, { activation: 'linear' });

/**
 * max(x, 0).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { relu } from '@strata/layers';
 *
 * relu(tf.tensor([-1, 2])); // => [0, 2]
 * ```
 */
export const relu: Activation = define('relu', (x) => tf.relu(x), { activation: 'relu' });

/**
 * min(max(x, 0), 6) (Krizhevsky 2010; MobileNet).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { relu6 } from '@strata/layers';
 *
 * relu6(tf.tensor([-1, 7])); // => [0, 6]
 * ```
 */
export const relu6: Activation = define('relu6', (x) => tf.relu6(x), { activation: 'relu6' });

/**
 * 1 / (1 + e^-x).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { sigmoid } from '@strata/layers';
 *
 * sigmoid(tf.tensor([0])); // => [0.5]
 * ```
 */
export const sigmoid: Activation = define('sigmoid', (x) => tf.sigmoid(x), { activation: 'sigmoid' });

/**
 * The hyperbolic tangent.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { tanh } from '@strata/layers';
 *
 * tanh(tf.tensor([0])); // => [0]
 * ```
 */
export const tanh: Activation = define('tanh', (x) => tf.tanh(x));

/**
 * x for x > 0, e^x - 1 otherwise (Clevert et al. 2015, alpha 1 as in Keras and tfjs).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { elu } from '@strata/layers';
 *
 * // e^x − 1 for x < 0:
 * elu(tf.tensor([-1, 2])); // => [-0.632, 2]
 * ```
 */
export const elu: Activation = define('elu', (x) => tf.elu(x), { activation: 'elu' });

/**
 * Scaled ELU (Klambauer et al. 2017, "Self-Normalizing Neural Networks"); pair it with `lecunNormal`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { selu } from '@strata/layers';
 *
 * selu(tf.tensor([1])); // => [1.0507]
 * ```
 */
export const selu: Activation = define('selu', (x) => tf.selu(x));

/**
 * log(1 + e^x).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { softplus } from '@strata/layers';
 *
 * softplus(tf.tensor([0])); // => [0.693]
 * ```
 */
export const softplus: Activation = define('softplus', (x) => tf.softplus(x));

/**
 * x · sigmoid(x), also called SiLU (Ramachandran et al. 2017; Elfwing et al. 2017).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { swish } from '@strata/layers';
 *
 * swish(tf.tensor([1])); // => [0.731]
 * ```
 */
export const swish: Activation = define('swish', (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(x))));

/**
 * The exact GELU, x · Φ(x) = 0.5 x (1 + erf(x / √2)) (Hendrycks & Gimpel 2016); Keras's default
 * (`approximate=False`).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gelu } from '@strata/layers';
 *
 * gelu(tf.tensor([1])); // => [0.8413]
 * ```
 */
export const gelu: Activation = define('gelu', (x) =>
  tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1))),
);

/**
 * Softmax over the last axis (tfjs subtracts the maximum first, so large logits stay finite).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { softmax } from '@strata/layers';
 *
 * softmax(tf.tensor([[0, Math.log(3)]])); // => [[0.25, 0.75]]
 * ```
 */
export const softmax: Activation = define('softmax', (x) => tf.softmax(x, -1));

/**
 * x for x > 0, alpha · x otherwise; alpha 0.2 as in Keras 3 (tfjs-layers uses 0.3).
 * Pass another slope as the second argument, or make an activation with `leakyReluWith(alpha)`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { leakyRelu } from '@strata/layers';
 *
 * leakyRelu(tf.tensor([-1, 2])); // => [-0.2, 2]
 * ```
 */
export const leakyRelu: Activation & ((x: tf.Tensor, alpha?: number) => tf.Tensor) = Object.assign(
  (x: tf.Tensor, alpha = 0.2) => tf.leakyRelu(x, alpha),
  { activationName: 'leakyRelu', fused: { activation: 'leakyrelu', leakyreluAlpha: 0.2 } as const },
);

/**
 * A leaky ReLU with slope `alpha` for negative inputs, as an `Activation` that layers can fuse.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense, leakyReluWith } from '@strata/layers';
 *
 * const act = leakyReluWith(0.1);
 * act(tf.tensor([-1, 2])); // => [-0.1, 2]
 * const layer = dense({ units: 8, activation: act });
 * ```
 */
export function leakyReluWith(alpha: number): Activation {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
    throw new ConfigError('leakyReluWith(alpha)', `must be a finite number, got ${String(alpha)}`);
  }
  // The fused gradient reads the derivative from the output's sign, which a negative slope flips.
  const fused = alpha >= 0 ? { activation: 'leakyrelu' as const, leakyreluAlpha: alpha } : undefined;
  return define(`leakyRelu(${alpha})`, (x) => tf.leakyRelu(x, alpha), fused);
}

/**
 * SiLU, x · sigmoid(x): the same function as `swish` under the name PyTorch and Keras 3 also use.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { silu } from '@strata/layers';
 *
 * silu(tf.tensor([1])); // => [0.731]
 * ```
 */
export const silu: Activation = define('silu', (x) => swish(x));

/**
 * GELU with the tanh approximation, 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))) (Hendrycks & Gimpel
 * 2016): Keras's `gelu(approximate=True)` and PyTorch's `GELU(approximate='tanh')`, as GPT-2 and BERT
 * computed it.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { geluTanh } from '@strata/layers';
 *
 * geluTanh(tf.tensor([1])); // => [0.8412]
 * ```
 */
export const geluTanh: Activation = define('geluTanh', (x) =>
  tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  }),
);

/**
 * Mish, x · tanh(softplus(x)) (Misra 2019).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { mish } from '@strata/layers';
 *
 * mish(tf.tensor([1])); // => [0.8651]
 * ```
 */
export const mish: Activation = define('mish', (x) => tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x)))));

/**
 * A piecewise-linear sigmoid, relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1), as Keras 3 and PyTorch's
 * `Hardsigmoid` define it (tf.keras 2 and tfjs-layers used clip(0.2 x + 0.5, 0, 1)).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { hardSigmoid } from '@strata/layers';
 *
 * hardSigmoid(tf.tensor([-4, 0, 1.5, 4])); // => [0, 0.5, 0.75, 1]
 * ```
 */
export const hardSigmoid: Activation = define('hardSigmoid', (x) =>
  tf.tidy(() => tf.div(tf.relu6(tf.add(x, 3)), 6)),
);

/**
 * The logarithm of the softmax over the last axis, x − log Σ eˣ, computed without forming the softmax
 * (finite where log(softmax) underflows).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { logSoftmax } from '@strata/layers';
 *
 * logSoftmax(tf.tensor([[0, Math.log(3)]])); // => [[-1.3863, -0.2877]]
 * ```
 */
export const logSoftmax: Activation = define('logSoftmax', (x) => tf.logSoftmax(x, -1));

const BY_NAME = {
  linear,
  relu,
  relu6,
  sigmoid,
  tanh,
  elu,
  selu,
  softplus,
  swish,
  gelu,
  softmax,
  leakyRelu,
  silu,
  geluTanh,
  mish,
  hardSigmoid,
  logSoftmax,
} as const;

/** The activations that layers accept by name (configuration files name them). */
export type ActivationName = keyof typeof BY_NAME;

/**
 * Every `ActivationName`, e.g. for a CLI's help text.
 * @example
 * ```ts
 * import { ACTIVATION_NAMES } from '@strata/layers';
 *
 * ACTIVATION_NAMES.includes('gelu'); // => true
 * ```
 */
export const ACTIVATION_NAMES = Object.keys(BY_NAME) as ActivationName[];

/**
 * The activation for a name or function; `undefined` gives `linear`.
 * @example
 * ```ts
 * import { getActivation, relu } from '@strata/layers';
 *
 * getActivation('relu') === relu; // => true
 * ```
 */
export function getActivation(
  activation: ActivationName | Activation | ((x: tf.Tensor) => tf.Tensor) | undefined,
  label = 'activation',
): Activation {
  if (activation === undefined) return linear;
  if (typeof activation === 'function') {
    const named = activation as Partial<Activation>;
    return typeof named.activationName === 'string'
      ? (activation as Activation)
      : define(activation.name || 'custom', (x) => activation(x));
  }
  assertOneOf(activation, ACTIVATION_NAMES, label);
  return BY_NAME[activation];
}
