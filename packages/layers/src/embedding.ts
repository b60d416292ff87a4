import {
  assertInteger,
  assertKnownKeys,
  ConfigError,
  formatShape,
  type Rng,
  randomUniform,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Initializer, initialize } from './initializers/initializer.js';
import { lazyGradOp } from './internal/lazy-grad-op.js';
import { recordMask } from './internal/mask.js';
import { checkFunction, checkName } from './internal/options.js';
import { layerLabel, param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface EmbeddingOptions {
  /** Vocabulary size: ids run from 0 to inputDim − 1. */
  readonly inputDim: number;
  /** Size of each embedding vector. */
  readonly outputDim: number;
  /**
   * Default false. True, as Keras' `mask_zero`: id 0 is padding, and a recurrent layer applied to this
   * layer's output skips the padded steps (the mask travels with the output tensor). Id 0 still has a
   * row, so the vocabulary needs inputDim = real ids + 1.
   */
  readonly maskZero?: boolean;
  /** Default uniform in [−0.05, 0.05], as Keras. */
  readonly embeddingsInitializer?: Initializer;
  /** Default 'embedding'. */
  readonly name?: string;
}

const KEYS = ['inputDim', 'outputDim', 'maskZero', 'embeddingsInitializer', 'name'];

const kerasUniform: Initializer = (rng, shape) => randomUniform(rng, shape, -0.05, 0.05);

/**
 * Rows of `embeddings` [inputDim, outputDim] looked up by integer ids of any shape: output
 * [...ids.shape, outputDim] (Keras' `Embedding`, PyTorch's `nn.Embedding`). The gradient is written
 * out as one scatter-add of the upstream rows into a dense [inputDim, outputDim] gradient
 * (`ScatterNd`, which sums repeated ids on every backend), so it trains on `wasm`, whose tfjs backend
 * has no kernel for `gather`'s own gradient (`UnsortedSegmentSum`), and on `cpu`, whose stock
 * `UnsortedSegmentSum` makes a pass over the batch per vocabulary row.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { embedding } from '@strata/layers';
 *
 * const layer = embedding({ inputDim: 1000, outputDim: 16, maskZero: true });
 * const { params, outputShape } = layer.init(createRng(0), [null, 20]);
 * outputShape; // => [null, 20, 16]
 * const ids = tf.tensor2d([[5, 7, 0]], [1, 3], 'int32');
 * layer.apply(params, ids, { training: false, state: {} }).y.shape; // => [1, 3, 16]
 * ```
 */
export function embedding(options: EmbeddingOptions): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'embedding');
  const { inputDim, outputDim, maskZero = false } = options;
  assertInteger(inputDim, 'embedding({inputDim})');
  assertInteger(outputDim, 'embedding({outputDim})');
  if (typeof maskZero !== 'boolean') {
    throw new ConfigError('embedding({maskZero})', `must be a boolean, got ${typeof maskZero}`);
  }
  if (maskZero && inputDim < 2) {
    throw new ConfigError(
      'embedding({inputDim})',
      'with maskZero id 0 is padding, so inputDim must be at least 2',
    );
  }
  const name = checkName(options.name, 'embedding', 'embedding({name})');
  const init = options.embeddingsInitializer ?? kerasUniform;
  checkFunction(init, 'embedding({embeddingsInitializer})', 'pass e.g. glorotUniform()');
  const label = layerLabel('embedding', name);

  const lookup = lazyGradOp(([table, ids], save) => {
    const n = ids!.size;
    const flat = tf.reshape(ids!, [n, 1]);
    save([flat]);
    return {
      value: tf.reshape(tf.gather(table!, tf.reshape(flat, [n])), [...ids!.shape, outputDim]),
      gradFunc: (dy, [rows]) => [
        () => tf.scatterND(rows!, tf.reshape(dy, [n, outputDim]), [inputDim, outputDim]),
        () => tf.zeros(ids!.shape, 'int32'),
      ],
    };
  });

  return {
    name,
    kind: 'Embedding',
    init(rng: Rng, inputShape: Shape) {
      if (inputShape.length < 1) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, ...] of ids, got ${formatShape(inputShape)}`,
        );
      }
      const embeddings = initialize(init, rng, [inputDim, outputDim], `${label} embeddingsInitializer`);
      return { params: { embeddings }, state: {}, outputShape: [...inputShape, outputDim] };
    },
    apply(params, x, _ctx) {
      const table = param(params, 'embeddings', label);
      if (table.rank !== 2 || table.shape[0] !== inputDim || table.shape[1] !== outputDim) {
        throw new ShapeError(
          label,
          `expected embeddings of shape [${inputDim}, ${outputDim}], got ${formatShape(table.shape)}`,
        );
      }
      const y = tf.tidy(() => lookup(table, x.dtype === 'int32' ? x : tf.cast(x, 'int32')));
      if (maskZero) recordMask(y, x, 0);
      return { y, state: {} };
    },
  };
}
