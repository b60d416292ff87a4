import {
  ConfigError,
  flattenTree,
  type GradientTransformation,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { assertTransform, tidyGeneric, type ValueTree, valueAt } from './internal.js';

/** Labels params by flat key, or a tree of labels shaped like (a prefix of) the params. */
export type ParamLabels = ((key: string) => string) | ValueTree<string>;

/** One inner state per label, each over that label's params. */
export type PartitionState = Readonly<Record<string, unknown>>;

const isLabel = (v: unknown): v is string => typeof v === 'string';

/**
 * Applies a different transformation to each parameter group (optax's `partition`, formerly
 * `multi_transform`): `labels` names the group of each param, by a function of the flat key or a tree
 * of labels (a label at a prefix covers everything below it), and `transforms` maps each label to its
 * transformation. Every label used must have a transformation. Freeze a group with `setToZero()`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { partition, setToZero, sgd, applyUpdates } from '@strata/optim';
 *
 * const opt = partition({ frozen: setToZero(), head: sgd({ learningRate: 0.1 }) }, { body: 'frozen', head: 'head' });
 * const params = { body: tf.tensor1d([1]), head: tf.tensor1d([1]) };
 * const grads = { body: tf.tensor1d([2]), head: tf.tensor1d([2]) };
 * const { updates } = opt.update(grads, opt.init(params), params);
 * applyUpdates(params, updates); // => { body: [1], head: [0.8] }
 * ```
 */
export function partition(
  transforms: Readonly<Record<string, GradientTransformation<unknown>>>,
  labels: ParamLabels,
): GradientTransformation<PartitionState> {
  if (typeof transforms !== 'object' || transforms === null) {
    throw new ConfigError('partition(transforms)', 'must be an object { label: transformation }');
  }
  for (const [name, t] of Object.entries(transforms)) assertTransform(t, `partition(transforms.${name})`);
  const known = Object.keys(transforms);
  const groups = (tree: TensorTree): Record<string, TensorTree> => {
    const byLabel: Record<string, Record<string, Tensor>> = Object.fromEntries(known.map((l) => [l, {}]));
    for (const [k, t] of Object.entries(flattenTree(tree))) {
      const label = valueAt(labels, k, isLabel, 'partition(labels)');
      const group = byLabel[label];
      if (!group) {
        throw new ConfigError(
          'partition(labels)',
          `'${k}' has label '${label}', which has no transformation; known labels are ${known.map((l) => `'${l}'`).join(', ')}`,
        );
      }
      group[k] = t;
    }
    return Object.fromEntries(Object.entries(byLabel).map(([l, g]) => [l, unflattenTree(g)]));
  };
  return {
    init: (params) =>
      tidyGeneric(() => {
        const g = groups(params);
        return Object.fromEntries(known.map((l) => [l, transforms[l]!.init(g[l]!)]));
      }),
    update(grads, state, params) {
      return tidyGeneric(() => {
        const g = groups(grads);
        const p = params && groups(params);
        const flat: Record<string, Tensor> = {};
        const next: Record<string, unknown> = {};
        for (const l of known) {
          const out = transforms[l]!.update(g[l]!, state[l], p?.[l]);
          Object.assign(flat, flattenTree(out.updates));
          next[l] = out.state;
        }
        // Rebuild in the gradients' own key order.
        const order = Object.keys(flattenTree(grads));
        return { updates: unflattenTree(Object.fromEntries(order.map((k) => [k, flat[k]!]))), state: next };
      });
    },
  };
}
