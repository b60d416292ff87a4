import { formatShape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AugmentBatch } from '../types.js';

/**
 * Picks, per sample, which of several candidate batches it comes from (`choice[i]` indexes
 * `candidates`). The candidates must agree in shape, since each sample keeps its row.
 */
export function selectPerSample(
  fn: string,
  candidates: readonly AugmentBatch[],
  choice: readonly number[],
): AugmentBatch {
  const first = candidates[0]!;
  for (const c of candidates) {
    if (
      !tf.util.arraysEqual(c.x.shape, first.x.shape) ||
      (c.y?.shape.join() ?? '') !== (first.y?.shape.join() ?? '')
    ) {
      throw new ShapeError(
        fn,
        `every augmentation must keep the batch's shape to be chosen per sample, got images ${formatShape(first.x.shape)} and ${formatShape(c.x.shape)}`,
      );
    }
  }
  return tf.tidy(() => {
    const n = first.x.shape[0];
    const pick = (k: number, rank: number) =>
      tf.cast(
        tf.tensor(
          choice.map((c) => (c === k ? 1 : 0)),
          [n, ...Array(rank - 1).fill(1)],
        ),
        'bool',
      );
    let x = first.x;
    let y = first.y;
    for (let k = 1; k < candidates.length; k++) {
      const c = candidates[k]!;
      x = tf.where(pick(k, 4), c.x, x);
      if (y !== undefined && c.y !== undefined) y = tf.where(pick(k, y.rank), c.y, y);
    }
    x = x === first.x ? tf.clone(x) : x;
    if (y === undefined) return { x };
    return { x, y: y === first.y ? tf.clone(y) : y };
  }) as AugmentBatch;
}

/** Frees a batch's tensors. */
export function disposeBatch(b: AugmentBatch): void {
  tf.dispose(b.y === undefined ? [b.x] : [b.x, b.y]);
}
