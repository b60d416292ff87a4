import {
  DataError,
  decodeSafetensors,
  disposeTree,
  flattenTree,
  formatShape,
  ShapeError,
  sameShape,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';

/** Params and state, as a model's `init` returns them and `fit` trains them. */
export interface Weights {
  readonly params: TensorTree;
  readonly state?: TensorTree;
}

/**
 * Reads weights saved by `saveModel` (a safetensors file with `params/...` and `state/...` tensors)
 * into tensors the caller owns, checked against `expected` (what the model's `init` returns): every
 * expected name present, nothing extra, the same shape and dtype. The first mismatch is a labelled
 * error naming the tensor and both shapes (or dtypes); nothing is left allocated when it throws.
 * Takes no ownership of `expected`.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { dense, loadWeights, saveModel } from '@strata/layers';
 *
 * const layer = dense({ units: 2 });
 * const trained = layer.init(createRng(0), [null, 3]);
 * const { weights } = saveModel({ id: 'strata/dense', options: { units: 2 }, inputShape: [null, 3] }, trained);
 * const wide = dense({ units: 4 }).init(createRng(0), [null, 3]);
 * let message = '';
 * try {
 *   loadWeights(weights, wide);
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * message; // => "loadWeights: 'params/kernel' has shape [3, 2] in the file but the model expects [3, 4]"
 * ```
 */
export function loadWeights(bytes: Uint8Array, expected: Weights): { params: TensorTree; state: TensorTree } {
  const label = 'loadWeights';
  const { tensors } = decodeSafetensors(bytes);
  const got = flattenTree(tensors);
  try {
    const want = { ...prefixed('params', expected.params), ...prefixed('state', expected.state ?? {}) };
    for (const [name, w] of Object.entries(want)) {
      const g = got[name];
      if (g === undefined) {
        throw new DataError(
          label,
          `the file has no tensor '${name}' (shape ${formatShape(w.shape)}); it has ${Object.keys(got).slice(0, 8).join(', ') || 'none'}${Object.keys(got).length > 8 ? ', ...' : ''}`,
        );
      }
      if (!sameShape(g.shape, w.shape)) {
        throw new ShapeError(
          label,
          `'${name}' has shape ${formatShape(g.shape)} in the file but the model expects ${formatShape(w.shape)}`,
        );
      }
      if (g.dtype !== w.dtype) {
        throw new DataError(label, `'${name}' is ${g.dtype} in the file but the model expects ${w.dtype}`);
      }
    }
    const extra = Object.keys(got).find((k) => !(k in want));
    if (extra !== undefined) {
      throw new DataError(
        label,
        `the file has a tensor '${extra}' that the model does not; is it the same architecture?`,
      );
    }
  } catch (error) {
    disposeTree(tensors);
    throw error;
  }
  const part = (p: string) =>
    unflattenTree(
      Object.fromEntries(
        Object.entries(got)
          .filter(([k]) => k.startsWith(`${p}/`))
          .map(([k, t]) => [k.slice(p.length + 1), t] as [string, tf.Tensor]),
      ),
    );
  return { params: part('params'), state: part('state') };
}

/** A tree's leaves under flat keys with `prefix/` in front. */
export function prefixed(prefix: string, tree: TensorTree): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [`${prefix}/${k}`, t]));
}
