import * as tf from '@tensorflow/tfjs-core';

/** A rectangle of pixels: rows [top, bottom) and columns [left, right). */
export interface Box {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/**
 * A float mask [N, H, W, 1] that is 1 inside each sample's box and 0 elsewhere, built on the device
 * from the box edges by comparisons against row and column indices (no per-pixel host work).
 */
export function boxMask(boxes: readonly Box[], h: number, w: number): tf.Tensor4D {
  return tf.tidy(() => {
    const n = boxes.length;
    const edge = (k: keyof Box) =>
      tf.tensor4d(
        boxes.map((b) => b[k]),
        [n, 1, 1, 1],
      );
    const rows = tf.reshape(tf.range(0, h), [1, h, 1, 1]);
    const cols = tf.reshape(tf.range(0, w), [1, 1, w, 1]);
    const inRows = tf.logicalAnd(tf.greaterEqual(rows, edge('top')), tf.less(rows, edge('bottom')));
    const inCols = tf.logicalAnd(tf.greaterEqual(cols, edge('left')), tf.less(cols, edge('right')));
    return tf.cast(tf.logicalAnd(inRows, inCols), 'float32') as tf.Tensor4D;
  });
}

/** x with each sample's box set to `fill`. */
export function fillBoxes(x: tf.Tensor4D, boxes: readonly Box[], fill: number): tf.Tensor4D {
  return tf.tidy(() => {
    const mask = boxMask(boxes, x.shape[1], x.shape[2]);
    return tf.add(tf.mul(x, tf.sub(1, mask)), tf.mul(mask, fill)) as tf.Tensor4D;
  });
}
