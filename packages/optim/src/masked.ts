import { flattenTree, type GradientTransformation, type TensorTree, unflattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertTransform, tidyGeneric, type ValueTree, valueAt } from './internal.js';

/** Selects params by flat key ('block1/conv/kernel'), or a tree of booleans shaped like (a prefix of) the params. */
export type ParamSelector = ((key: string) => boolean) | ValueTree<boolean>;

/** The inner transformation's state, over the selected params only. */
export interface MaskedState<S> {
  readonly inner: S;
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

/** The sub-tree of `tree` whose keys `mask` selects. */
function select(tree: TensorTree, mask: ParamSelector): TensorTree {
  const flat = flattenTree(tree);
  return unflattenTree(
    Object.fromEntries(Object.entries(flat).filter(([k]) => valueAt(mask, k, isBool, 'masked(mask)'))),
  );
}

/**
 * Applies `inner` to the params `mask` selects and passes the other updates through unchanged (optax's
 * `masked`). The inner state covers the selected params only. `mask` is a predicate on the flat key or
 * a tree of booleans, where a boolean at a prefix covers everything below it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { masked, clipByValue } from '@strata/optim';
 *
 * const t = masked(clipByValue(1), { dense: { kernel: true, bias: false } });
 * const grads = { dense: { kernel: tf.tensor1d([5]), bias: tf.tensor1d([5]) } };
 * const { updates } = t.update(grads, t.init(grads));
 * updates; // => { dense: { kernel: [1], bias: [5] } }
 * ```
 */
export function masked<S>(
  inner: GradientTransformation<S>,
  mask: ParamSelector,
): GradientTransformation<MaskedState<S>> {
  assertTransform(inner, 'masked(inner)');
  return {
    init: (params) => tidyGeneric(() => ({ inner: inner.init(select(params, mask)) })),
    update(grads, state, params) {
      return tidyGeneric(() => {
        const out = inner.update(select(grads, mask), state.inner, params && select(params, mask));
        const done = flattenTree(out.updates);
        const flat = flattenTree(grads);
        // Unselected leaves pass through as copies: the caller owns every tensor it gets back.
        const updates = unflattenTree(
          Object.fromEntries(Object.entries(flat).map(([k, g]) => [k, done[k] ?? tf.clone(g)])),
        );
        return { updates, state: { inner: out.state } };
      });
    },
  };
}
