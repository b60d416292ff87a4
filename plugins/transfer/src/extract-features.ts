import { assertInteger, type Layer, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A feature extractor's outputs for `x` in inference mode, flattened to `[N, D]`, computed in chunks
 * of `batchSize` rows. Use `cutAt(model, name)` as `model` to read a layer. The caller owns the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { conv2d } from '@strata/layers';
 * import { extractFeatures } from '@strata/plugin-transfer';
 *
 * const net = conv2d({ filters: 2, kernelSize: 3 });
 * const { params } = net.init(createRng(0), [null, 5, 5, 1]);
 * extractFeatures(net, params, {}, tf.zeros([7, 5, 5, 1]), { batchSize: 4 }).shape; // => [7, 18]
 * ```
 */
export function extractFeatures(
  model: Layer,
  params: TensorTree,
  state: TensorTree,
  x: tf.Tensor,
  options: { readonly batchSize?: number } = {},
): tf.Tensor2D {
  const batchSize = options.batchSize ?? 256;
  assertInteger(batchSize, 'extractFeatures({batchSize})');
  return tf.tidy(() => {
    const n = x.shape[0]!;
    const parts: tf.Tensor[] = [];
    for (let i = 0; i < n; i += batchSize) {
      const rows = tf.slice(x, i, Math.min(batchSize, n - i));
      const y = model.apply(params, rows, { training: false, state }).y;
      parts.push(tf.reshape(y, [y.shape[0]!, -1]));
    }
    return tf.concat(parts, 0) as tf.Tensor2D;
  });
}
