import { type TensorTree, zipTrees } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * `params + updates`, leaf by leaf: the new params. The caller owns the result and still owns (and
 * must dispose, when done) both inputs: nothing is updated in place, so the old params stay valid
 * (e.g. for an early-stopping snapshot). Keys and shapes must match exactly; no broadcasting.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyUpdates } from '@strata/optim';
 *
 * const params = { w: tf.tensor1d([1, 2]) };
 * const next = applyUpdates(params, { w: tf.tensor1d([0.5, -1]) });
 * next.w; // => [1.5, 1]
 * params.w.dispose(); // the caller frees the old params
 * ```
 */
export function applyUpdates(params: TensorTree, updates: TensorTree): TensorTree {
  return tf.tidy(() =>
    zipTrees([params, updates], ([p, u]) => tf.add(p!, u!), {
      label: 'applyUpdates',
      names: ['params', 'updates'],
    }),
  );
}
