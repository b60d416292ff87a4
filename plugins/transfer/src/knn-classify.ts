import { assertInteger, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** What `knnClassify` takes: the labelled support set and the queries, all as feature rows. */
export interface KnnClassifyOptions {
  /** Labelled examples' features `[S, D]`. */
  readonly support: tf.Tensor;
  /** Their classes `[S]` (integers in [0, classes)). */
  readonly labels: tf.Tensor;
  /** Features to classify `[Q, D]`. */
  readonly query: tf.Tensor;
  /** Neighbours that vote. */
  readonly k: number;
  readonly classes: number;
}

/**
 * k-nearest-neighbour classification in feature space (Euclidean distance): the fraction of each
 * query's `k` nearest support rows in each class, `[Q, classes]` (argmax is the prediction; scores
 * feed Strata's metrics). The few-shot head over a frozen backbone's features. The caller owns the
 * result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { knnClassify } from '@strata/plugin-transfer';
 *
 * const support = tf.tensor2d([[0, 0], [0, 1], [5, 5], [6, 5]]);
 * const labels = tf.tensor1d([0, 0, 1, 1], 'int32');
 * const scores = knnClassify({ support, labels, query: tf.tensor2d([[5, 6], [0, 0.2]]), k: 3, classes: 2 });
 * Array.from(tf.argMax(scores, 1).dataSync()); // => [1, 0]
 * ```
 */
export function knnClassify(options: KnnClassifyOptions): tf.Tensor2D {
  const { support, labels, query, k, classes } = options;
  assertInteger(k, 'knnClassify({k})');
  assertInteger(classes, 'knnClassify({classes})', 2);
  if (support.rank !== 2 || query.rank !== 2 || support.shape[1] !== query.shape[1]) {
    throw new ShapeError(
      'knnClassify',
      `support [S, D] and query [Q, D] must share D, got [${support.shape.join(', ')}] and [${query.shape.join(', ')}]`,
    );
  }
  if (labels.rank !== 1 || labels.shape[0] !== support.shape[0]) {
    throw new ShapeError(
      'knnClassify',
      `labels must be [${support.shape[0]}], got [${labels.shape.join(', ')}]`,
    );
  }
  const kk = Math.min(k, support.shape[0]!);
  return tf.tidy(() => {
    // ‖q − s‖² = ‖q‖² − 2 q·s + ‖s‖²; the ‖q‖² term does not change the order per query.
    const dist = tf.sub(tf.sum(tf.square(support), 1), tf.mul(2, tf.matMul(query, support, false, true)));
    const { indices } = tf.topk(tf.neg(dist), kk);
    const votes = tf.oneHot(tf.gather(tf.cast(labels, 'int32'), indices), classes);
    return tf.div(tf.sum(votes, 1), kk) as tf.Tensor2D;
  });
}
