import { assertOneOf } from '@strata/core';
import { type RecurrentLayer, type RecurrentOptions, recurrentLayer } from './internal/recurrent-layer.js';

export interface SimpleRnnOptions extends RecurrentOptions {
  /** Default 'tanh', as Keras; 'relu' for the Elman network of Le et al. 2015. */
  readonly activation?: 'tanh' | 'relu';
}

/**
 * A fully connected recurrent layer (Elman 1990) over [batch, time, features]:
 * h' = activation(x·kernel + h·recurrentKernel + bias), params `kernel` [in, u], `recurrentKernel`
 * [u, u], `bias` [u] (Keras' layout). The whole sequence runs as one op with a hand-written backward
 * pass through time. `call` takes an initial state `[h]` and a mask, and returns the final state with
 * `returnState`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { simpleRNN } from '@strata/layers';
 *
 * const layer = simpleRNN({ units: 3 });
 * const { params, outputShape } = layer.init(createRng(0), [null, 4, 2]);
 * outputShape; // => [null, 3]
 * layer.apply(params, tf.ones([5, 4, 2]), { training: false, state: {} }).y.shape; // => [5, 3]
 * ```
 */
export function simpleRNN(options: SimpleRnnOptions): RecurrentLayer {
  const activation = options?.activation ?? 'tanh';
  assertOneOf(activation, ['tanh', 'relu'], 'simpleRNN({activation})');
  return recurrentLayer(
    { cell: 'simple', fn: 'simpleRNN', kind: 'SimpleRNN', activation, biasShape: (units) => [units] },
    options,
    ['activation'],
  );
}
