import { ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Keras propagates a padding mask from `Embedding(mask_zero=True)` to the recurrent layers after it.
 * A Strata layer returns one tensor, so the embedding records, beside its output, the token ids it
 * embedded; a recurrent layer given that very tensor derives the mask (id ≠ the padding id) from
 * them. The table holds no tensor of its own (nothing to free) and forgets an output once it is
 * collected. Any op between the two (a reshape, a clone) yields a new tensor without a mask, as a
 * layer that does not support masking drops it in Keras.
 */
const sources = new WeakMap<tf.Tensor, { readonly ids: tf.Tensor; readonly paddingId: number }>();

/** Records that `y` embeds `ids`, whose steps equal to `paddingId` are padding. */
export function recordMask(y: tf.Tensor, ids: tf.Tensor, paddingId: number): void {
  sources.set(y, { ids, paddingId });
}

/** Marks `y` as carrying the same mask as `x` (a wrapper that keeps the time axis). */
export function forwardMask(x: tf.Tensor, y: tf.Tensor): void {
  const source = sources.get(x);
  if (source) sources.set(y, source);
}

/**
 * The mask recorded for `x`, as a boolean [batch, time] tensor the caller owns (true = a real step),
 * or undefined when `x` carries none.
 */
export function maskOf(x: tf.Tensor, label: string): tf.Tensor | undefined {
  const source = sources.get(x);
  if (!source) return undefined;
  if (source.ids.isDisposed) {
    throw new ConfigError(
      label,
      'the token ids that the embedding masked were disposed before this layer ran; keep them until the recurrent layer has run, or pass an explicit mask',
    );
  }
  return tf.tidy(() => {
    const ids = source.ids;
    const steps = ids.rank === 1 ? tf.expandDims(ids, 1) : ids;
    return tf.notEqual(steps, tf.scalar(source.paddingId, ids.dtype));
  });
}
