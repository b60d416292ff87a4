import {
  assertInteger,
  assertKnownKeys,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Activation, type ActivationName, getActivation } from './activations.js';
import { zeros } from './initializers/constant.js';
import { type Initializer, initialize } from './initializers/initializer.js';
import { glorotUniform } from './initializers/variance-scaling.js';
import { fusedDense } from './internal/fused-dense.js';
import { checkFunction, checkName } from './internal/options.js';
import { layerLabel, param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface DenseOptions {
  /** Output features. */
  readonly units: number;
  /** Default `linear`; `relu`, `relu6`, `elu`, `sigmoid` and `leakyRelu` run fused with the product. */
  readonly activation?: ActivationName | Activation;
  /** Default true. */
  readonly useBias?: boolean;
  /** Default `glorotUniform()`, as Keras. */
  readonly kernelInitializer?: Initializer;
  /** Default `zeros()`. */
  readonly biasInitializer?: Initializer;
  /** Default 'dense'; `sequential` makes repeated names unique. */
  readonly name?: string;
}

const KEYS = ['units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'name'];

/**
 * A fully connected layer: y = activation(x · kernel + bias) over the last axis of `x` (any rank ≥ 2,
 * as Keras). Params: `kernel` [in, units], `bias` [units]. Runs as one fused kernel
 * (`_FusedMatMul`), forward and backward.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { dense } from '@strata/layers';
 *
 * const layer = dense({ units: 10, activation: 'relu' });
 * const { params } = layer.init(createRng(0), [null, 784]);
 * const { y } = layer.apply(params, tf.zeros([32, 784]), { training: false, state: {} });
 * y.shape; // => [32, 10]
 * ```
 */
export function dense(options: DenseOptions): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'dense');
  const { units, useBias = true } = options;
  assertInteger(units, 'dense({units})');
  const name = checkName(options.name, 'dense', 'dense({name})');
  const activation = getActivation(options.activation, 'dense({activation})');
  const kernelInit = options.kernelInitializer ?? glorotUniform();
  const biasInit = options.biasInitializer ?? zeros();
  checkFunction(kernelInit, 'dense({kernelInitializer})', 'pass e.g. glorotUniform()');
  checkFunction(biasInit, 'dense({biasInitializer})', 'pass e.g. zeros()');
  if (typeof useBias !== 'boolean')
    throw new ConfigError('dense({useBias})', `must be a boolean, got ${typeof useBias}`);
  const label = layerLabel('dense', name);

  return {
    name,
    kind: 'Dense',
    init(rng: Rng, inputShape: Shape) {
      const inDim = inputShape[inputShape.length - 1];
      if (inputShape.length < 2 || typeof inDim !== 'number' || inDim < 1) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, ..., features] with known features, got ${formatShape(inputShape)}`,
        );
      }
      const kernel = initialize(kernelInit, rng, [inDim, units], `${label} kernelInitializer`);
      const params = useBias
        ? { kernel, bias: initialize(biasInit, rng, [units], `${label} biasInitializer`) }
        : { kernel };
      return { params, state: {}, outputShape: [...inputShape.slice(0, -1), units] };
    },
    apply(params, x, _ctx) {
      const kernel = param(params, 'kernel', label);
      const bias = useBias ? param(params, 'bias', label) : undefined;
      const inDim = kernel.shape[0]!;
      if (x.rank < 2 || x.shape[x.rank - 1] !== inDim) {
        throw new ShapeError(label, `expected input shape [?, ..., ${inDim}], got ${formatShape(x.shape)}`);
      }
      return { y: tf.tidy(() => fusedDense(x, kernel, bias, activation)), state: {} };
    },
  };
}
