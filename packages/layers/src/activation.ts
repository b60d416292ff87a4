import { assertKnownKeys, type Rng, type Shape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Activation, type ActivationName, getActivation } from './activations.js';
import { identity } from './internal/identity.js';
import { checkName } from './internal/options.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * An activation as a layer of its own (no params), e.g. after a layer built without one.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { activation, dense, sequential } from '@strata/layers';
 *
 * const model = sequential([dense({ units: 10 }), activation('softmax')]);
 * const { params, outputShape } = model.init(createRng(0), [null, 4]);
 * outputShape; // => [null, 10]
 * const { y } = model.apply(params, tf.ones([2, 4]), { training: false, state: {} });
 * // Each row is a distribution:
 * tf.sum(y, 1); // => [1.0, 1.0]
 * ```
 */
export function activation(
  fn: ActivationName | Activation | ((x: tf.Tensor) => tf.Tensor),
  options: { readonly name?: string } = {},
): LayerWithKind {
  assertKnownKeys(options ?? {}, ['name'], 'activation');
  const act = getActivation(fn, 'activation(fn)');
  const name = checkName(options.name, 'activation', 'activation({name})');
  return {
    name,
    kind: 'Activation',
    init(_rng: Rng, inputShape: Shape) {
      return { params: {}, state: {}, outputShape: inputShape };
    },
    apply(_params, x, _ctx) {
      // The identity still returns a tensor of its own, so the caller may dispose input and output apart.
      return { y: tf.tidy(() => (act.activationName === 'linear' ? identity(x) : act(x))), state: {} };
    },
  };
}
