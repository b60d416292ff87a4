import { ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from './initializers/initializer.js';
import { type RecurrentLayer, type RecurrentOptions, recurrentLayer } from './internal/recurrent-layer.js';

export interface LstmOptions extends RecurrentOptions {
  /**
   * Default true, as Keras: the forget gate's bias starts at 1 (the rest from `biasInitializer`),
   * so the cell keeps its state early in training (Jozefowicz et al. 2015).
   */
  readonly unitForgetBias?: boolean;
}

/**
 * A long short-term memory layer (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al.
 * 2000) over [batch, time, features], in Keras' layout: params `kernel` [in, 4u], `recurrentKernel`
 * [u, 4u] and `bias` [4u], gate blocks in the order i, f, c, o; sigmoid gates, tanh candidate and
 * output: c' = f ⊙ c + i ⊙ tanh(z_c), h' = o ⊙ tanh(c'). PyTorch's `nn.LSTM` orders its gates i, f,
 * g, o in rows ([4u, in]) and has two biases, whose sum is Keras' one.
 *
 * Runs the whole sequence as one op: one product for the input projection of every step, one per
 * step for the recurrence, the four gates activated by one kernel, and a hand-written backward pass
 * through time. `call` takes initial states `[h, c]` and a mask ([batch, time]; padded steps carry
 * the states over, as Keras), and returns the final states with `returnState`; an `embedding` with
 * `maskZero` right before it masks its padding automatically.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { lstm } from '@strata/layers';
 *
 * const layer = lstm({ units: 8, returnState: true });
 * const { params, outputShape } = layer.init(createRng(0), [null, 5, 3]);
 * outputShape; // => [null, 8]
 * (params.recurrentKernel as tf.Tensor).shape; // => [8, 32]
 * const { y, states } = layer.call(params, tf.ones([2, 5, 3]), { training: false, state: {} });
 * states.length; // => 2
 * y.shape; // => [2, 8]
 * ```
 */
export function lstm(options: LstmOptions): RecurrentLayer {
  const unitForgetBias = options?.unitForgetBias ?? true;
  if (typeof unitForgetBias !== 'boolean') {
    throw new ConfigError('lstm({unitForgetBias})', `must be a boolean, got ${typeof unitForgetBias}`);
  }
  // Keras keeps the initializer's values for the i, c and o blocks and sets the f block to ones.
  const forgetOnes =
    (units: number, init: Initializer): Initializer =>
    (rng, shape) =>
      tf.tidy(() => {
        const [i, , c, o] = tf.split(init(rng, shape), 4) as tf.Tensor[];
        return tf.concat([i!, tf.ones([units]), c!, o!]);
      });
  return recurrentLayer(
    {
      cell: 'lstm',
      fn: 'lstm',
      kind: 'LSTM',
      biasShape: (units) => [4 * units],
      ...(unitForgetBias ? { biasInitializer: forgetOnes } : {}),
    },
    options,
    ['unitForgetBias'],
  );
}
