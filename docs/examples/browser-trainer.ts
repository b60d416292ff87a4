// The training step the in-browser examples share (the MNIST and transfer workers): @strata/train's
// `fit` checkpoints to files and runs worker threads, so the pages take one supervised step at a time
// from layers, losses and optim, the same step `fit` runs in Node.
import {
  flattenTree,
  type GradientTransformation,
  type Layer,
  type Loss,
  readTogether,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import { applyUpdates, disposeState } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';

export interface Trainer {
  /** One optimizer step on a batch; the batch's loss and how many of its rows the model got right. */
  step(x: tf.Tensor, y: tf.Tensor): Promise<{ loss: number; correct: number }>;
  /** The model's predicted class per row, in inference mode. */
  predict(x: tf.Tensor): tf.Tensor1D;
  dispose(): void;
}

/**
 * Trains `model` (a classifier with no state, e.g. no batch norm) from `params`, which it takes over.
 * Only the leaves `trainable` selects by flat key (`head/dense/kernel`) are differentiated and
 * updated; the others stay as they are (a frozen backbone).
 */
export function supervisedTrainer<S>(o: {
  model: Layer;
  params: TensorTree;
  optimizer: GradientTransformation<S>;
  loss: Loss;
  trainable?: (key: string) => boolean;
}): Trainer {
  let flat = flattenTree(o.params);
  const keys = Object.keys(flat).filter((k) => o.trainable?.(k) ?? true);
  const pick = (tree: Record<string, tf.Tensor>) =>
    unflattenTree(Object.fromEntries(keys.map((k) => [k, tree[k]!])));
  let optState = o.optimizer.init(pick(flat));
  const apply = (p: TensorTree, x: tf.Tensor, training: boolean) =>
    o.model.apply(p, x, { training, state: {} }).y;

  return {
    async step(x, y) {
      let logits: tf.Tensor | undefined;
      const { value, grads } = tf.valueAndGrads((...leaves: tf.Tensor[]) => {
        const p = unflattenTree({ ...flat, ...Object.fromEntries(keys.map((k, i) => [k, leaves[i]!])) });
        const out = apply(p, x, true);
        logits = tf.keep(out);
        return o.loss(y, out) as tf.Scalar;
      })(keys.map((k) => flat[k]!));
      const { updates, state: next } = o.optimizer.update(
        unflattenTree(Object.fromEntries(keys.map((k, i) => [k, grads[i]!]))),
        optState,
        pick(flat),
      );
      const updated = flattenTree(applyUpdates(pick(flat), updates));
      const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits!, 1), y), 'float32')));
      // One device read for both numbers (each read waits for the device).
      const [l, c] = (await readTogether([value, correct])).map((v) => v[0]!) as [number, number];
      tf.dispose([value, grads, updates, keys.map((k) => flat[k]!), logits!, correct]);
      disposeState(optState);
      flat = { ...flat, ...updated };
      optState = next;
      return { loss: l, correct: c };
    },
    predict: (x) => tf.tidy(() => tf.argMax(apply(unflattenTree(flat), x, false), 1) as tf.Tensor1D),
    dispose() {
      tf.dispose(Object.values(flat));
      disposeState(optState);
    },
  };
}
