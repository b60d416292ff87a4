import { ConfigError } from '@strata/core';
import { type RecurrentLayer, type RecurrentOptions, recurrentLayer } from './internal/recurrent-layer.js';

export interface GruOptions extends RecurrentOptions {
  /**
   * Default true, as TF2 Keras (and PyTorch, cuDNN): the reset gate multiplies the recurrent product,
   * ĥ = tanh(x·Wh + bh + r ⊙ (h·Uh + rbh)), with two biases, `bias` [2, 3u] (input row, recurrent
   * row). False: the original formulation (Cho et al. 2014), ĥ = tanh(x·Wh + (r ⊙ h)·Uh + bh), one
   * bias [3u].
   */
  readonly resetAfter?: boolean;
}

/**
 * A gated recurrent unit layer (Cho et al. 2014) over [batch, time, features], in Keras' layout:
 * params `kernel` [in, 3u], `recurrentKernel` [u, 3u] and `bias`, gate blocks in the order z
 * (update), r (reset), h (candidate); sigmoid gates, tanh candidate; h' = z ⊙ h + (1 − z) ⊙ ĥ.
 * PyTorch's `nn.GRU` orders its blocks r, z, n in rows and computes the same h'.
 *
 * Runs the whole sequence as one op (one product for the input projection of every step, one per step
 * for the recurrence, two with `resetAfter: false`), with a hand-written backward pass through time.
 * `call` takes an initial state `[h]` and a mask ([batch, time]; padded steps carry the state over),
 * and returns the final state with `returnState`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { gru } from '@strata/layers';
 *
 * const layer = gru({ units: 4, returnSequences: true });
 * const { params, outputShape } = layer.init(createRng(0), [null, 6, 3]);
 * outputShape; // => [null, 6, 4]
 * (params.bias as tf.Tensor).shape; // => [2, 12]
 * layer.apply(params, tf.ones([2, 6, 3]), { training: false, state: {} }).y.shape; // => [2, 6, 4]
 * ```
 */
export function gru(options: GruOptions): RecurrentLayer {
  const resetAfter = options?.resetAfter ?? true;
  if (typeof resetAfter !== 'boolean') {
    throw new ConfigError('gru({resetAfter})', `must be a boolean, got ${typeof resetAfter}`);
  }
  return recurrentLayer(
    {
      cell: resetAfter ? 'gru' : 'gruResetBefore',
      fn: 'gru',
      kind: 'GRU',
      biasShape: (units) => (resetAfter ? [2, 3 * units] : [3 * units]),
    },
    options,
    ['resetAfter'],
  );
}
