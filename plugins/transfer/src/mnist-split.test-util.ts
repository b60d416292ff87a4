import { createRng, type Layer, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { extractFeatures } from './extract-features.js';

/*
 * MNIST split by digit for the transfer-learning checks (the test and scripts/mnist-transfer.ts):
 * the images of some digits, a few per class, as tensors, and a replayable batch source for `fit`.
 */

/** The first `count` images (in [0, 1]) and labels − offset whose label passes `keep`, up to `perClass` each. */
export function select(
  part: { images: Uint8Array; labels: Uint8Array; count: number },
  keep: (label: number) => boolean,
  count: number,
  offset: number,
  perClass = Infinity,
): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const rows: number[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < part.count && rows.length < count; i++) {
    const label = part.labels[i]!;
    if (!keep(label) || (seen.get(label) ?? 0) >= perClass) continue;
    seen.set(label, (seen.get(label) ?? 0) + 1);
    rows.push(i);
  }
  const pixels = new Float32Array(rows.length * 784);
  rows.forEach((r, k) => {
    for (let p = 0; p < 784; p++) pixels[k * 784 + p] = part.images[r * 784 + p]! / 255;
  });
  return {
    x: tf.tensor4d(pixels, [rows.length, 28, 28, 1]),
    y: tf.tensor1d(
      rows.map((r) => part.labels[r]! - offset),
      'int32',
    ),
  };
}

/** Batches of `size` rows in a seeded order per epoch (a source `fit` can replay). */
export function batches(x: tf.Tensor, y: tf.Tensor, size: number) {
  const n = x.shape[0]!;
  return {
    cardinality: () => Math.ceil(n / size),
    async *iterate({ epoch }: { epoch: number }) {
      const rng = createRng(100 + epoch);
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let i = 0; i < n; i += size) {
        const idx = tf.tensor1d(order.slice(i, i + size), 'int32');
        yield { x: tf.gather(x, idx), y: tf.gather(y, idx) };
        idx.dispose();
      }
    },
    [Symbol.asyncIterator]() {
      return this.iterate({ epoch: 0 });
    },
  };
}

/** The share of `x` whose predicted class (the argmax of the model's outputs) is `y`. */
export function accuracy(
  model: Layer,
  params: TensorTree,
  state: TensorTree,
  x: tf.Tensor,
  y: tf.Tensor,
): number {
  return tf.tidy(() => {
    const logits = extractFeatures(model, params, state, x, { batchSize: 500 });
    return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')).dataSync()[0]!;
  });
}
