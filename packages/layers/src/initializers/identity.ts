import { assertKnownKeys, assertNumber, ConfigError, formatShape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from './initializer.js';

/**
 * `gain` times the identity matrix, for a 2-D (square or not) weight, as Keras's `Identity`: ones on
 * the main diagonal, zeros elsewhere (e.g. an RNN's recurrent kernel, Le et al. 2015, "IRNN").
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { identity } from '@strata/layers';
 *
 * identity({ gain: 2 })(createRng(0), [2, 3]); // => [[2, 0, 0], [0, 2, 0]]
 * ```
 */
export function identity(options: { readonly gain?: number } = {}): Initializer {
  assertKnownKeys(options ?? {}, ['gain'], 'identity');
  const { gain = 1 } = options;
  assertNumber(gain, 'identity({gain})');
  return (_rng, shape) => {
    if (shape.length !== 2) {
      throw new ConfigError(
        'identity()',
        `makes 2-D weights only, got shape ${formatShape(shape)}; use it for a dense or recurrent kernel`,
      );
    }
    const [rows, cols] = shape as [number, number];
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < Math.min(rows, cols); i++) data[i * cols + i] = gain;
    return tf.tensor2d(data, [rows, cols]);
  };
}
