import {
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  randomNormal,
  randomUniform,
  truncatedNormal,
} from '@strata/core';
import type { Initializer } from './initializer.js';

/**
 * Fan-in and fan-out of a weight shape, as Keras computes them: a matrix `[in, out]`; a convolution
 * kernel `[...spatial, in, out]` counts each input or output channel once per kernel position.
 *
 * @example
 * ```ts
 * import { computeFans } from '@strata/layers';
 *
 * // A 3×3 convolution from 32 to 64 channels: 3·3·32 in, 3·3·64 out.
 * computeFans([3, 3, 32, 64]); // => { fanIn: 288, fanOut: 576 }
 * ```
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

export interface VarianceScalingOptions {
  /** Target variance factor (default 1). */
  readonly scale?: number;
  /** Which fan divides the scale (default 'fanIn'). */
  readonly mode?: 'fanIn' | 'fanOut' | 'fanAvg';
  /** Default 'truncatedNormal', as Keras. */
  readonly distribution?: 'truncatedNormal' | 'untruncatedNormal' | 'uniform';
}

// The standard deviation of a standard normal truncated to [-2, 2]; dividing by it makes the truncated
// draws have the intended variance (Keras `VarianceScaling`, TensorFlow `truncated_normal`).
const TRUNCATED_STDDEV = 0.87962566103423978;

/**
 * Draws with variance `scale / n`, n the fan picked by `mode` (Keras `VarianceScaling`): a normal
 * truncated to two standard deviations (and rescaled so the variance is still `scale / n`), a plain
 * normal, or a uniform on ±√(3·scale/n).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { varianceScaling } from '@strata/layers';
 *
 * const init = varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' }); // He uniform
 * const kernel = init(createRng(0), [784, 64]);
 * // U(±√(3 · scale / fanIn)) = U(±√(6 / 784)):
 * tf.max(tf.abs(kernel)).arraySync() <= Math.sqrt(6 / 784); // => true
 * ```
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  assertKnownKeys(options, ['scale', 'mode', 'distribution'], 'varianceScaling');
  const { scale = 1, mode = 'fanIn', distribution = 'truncatedNormal' } = options;
  assertNumber(scale, 'varianceScaling({scale})', { min: 0, exclusiveMin: true });
  assertOneOf(mode, ['fanIn', 'fanOut', 'fanAvg'], 'varianceScaling({mode})');
  assertOneOf(
    distribution,
    ['truncatedNormal', 'untruncatedNormal', 'uniform'],
    'varianceScaling({distribution})',
  );
  return (rng, shape) => {
    const { fanIn, fanOut } = computeFans(shape);
    const n = Math.max(1, mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2);
    const variance = scale / n;
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return randomUniform(rng, shape, -limit, limit);
    }
    if (distribution === 'untruncatedNormal') return randomNormal(rng, shape, 0, Math.sqrt(variance));
    return truncatedNormal(rng, shape, 0, Math.sqrt(variance) / TRUNCATED_STDDEV);
  };
}

/**
 * Glorot/Xavier uniform (Glorot & Bengio 2010): U(±√(6 / (fanIn + fanOut))). Keras's default kernel
 * initializer, and so `dense`'s and `conv2d`'s.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { glorotUniform } from '@strata/layers';
 *
 * // U(±√(6 / (fanIn + fanOut))) = U(±√(6 / 10)):
 * tf.max(tf.abs(glorotUniform()(createRng(0), [4, 6]))).arraySync() <= Math.sqrt(6 / 10); // => true
 * ```
 */
export function glorotUniform(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'uniform' });
}

/**
 * Glorot/Xavier normal: truncated normal with variance 2 / (fanIn + fanOut).
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { dense, glorotNormal } from '@strata/layers';
 *
 * const layer = dense({ units: 64, kernelInitializer: glorotNormal() });
 * layer.init(createRng(0), [null, 32]).outputShape; // => [null, 64]
 * ```
 */
export function glorotNormal(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' });
}

/**
 * He normal (He et al. 2015, for ReLU): truncated normal with variance 2 / fanIn.
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { conv2d, heNormal } from '@strata/layers';
 *
 * const layer = conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: heNormal() });
 * layer.init(createRng(0), [null, 28, 28, 1]).outputShape; // => [null, 26, 26, 32]
 * ```
 */
export function heNormal(): Initializer {
  return varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' });
}

/**
 * He uniform: U(±√(6 / fanIn)).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { heUniform } from '@strata/layers';
 *
 * // U(±√(6 / fanIn)), fanIn = 3·3·1:
 * tf.max(tf.abs(heUniform()(createRng(0), [3, 3, 1, 32]))).arraySync() <= Math.sqrt(6 / 9); // => true
 * ```
 */
export function heUniform(): Initializer {
  return varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' });
}

/**
 * LeCun normal (LeCun et al. 1998; the one SELU needs): truncated normal with variance 1 / fanIn.
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { dense, lecunNormal } from '@strata/layers';
 *
 * const layer = dense({ units: 64, activation: 'selu', kernelInitializer: lecunNormal() });
 * layer.init(createRng(0), [null, 32]).outputShape; // => [null, 64]
 * ```
 */
export function lecunNormal(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' });
}

/**
 * LeCun uniform: U(±√(3 / fanIn)).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { lecunUniform } from '@strata/layers';
 *
 * // U(±√(3 / fanIn)):
 * tf.max(tf.abs(lecunUniform()(createRng(0), [12, 5]))).arraySync() <= Math.sqrt(3 / 12); // => true
 * ```
 */
export function lecunUniform(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'uniform' });
}
