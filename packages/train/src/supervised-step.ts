import {
  type Batch,
  ConfigError,
  type EvalOutput,
  flattenTree,
  type GradientTransformation,
  type Layer,
  type Loss,
  type Shape,
  type TensorTree,
  type TrainingStep,
  type TrainState,
  unflattenTree,
} from '@strata/core';
import { applyUpdates } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { keepDeep } from './dispose.js';

export interface SupervisedStepOptions<OS> {
  readonly model: Layer;
  /** The model's input shape with the batch as null, e.g. [null, 28, 28, 1]. */
  readonly inputShape: Shape;
  /** A mean over the batch (Strata's losses are), so the workers' shares average by rows. */
  readonly loss: Loss;
  readonly optimizer: GradientTransformation<OS>;
  /** Names of the input and target tensors in each batch. Default { x: 'x', y: 'y' }. */
  readonly keys?: { readonly x: string; readonly y: string };
  /**
   * Projects the params after each update: weight constraints (`applyConstraints` with `maxNorm`,
   * `nonNeg` … from @strata/regularize), as Keras applies a layer's constraints after the optimizer.
   */
  readonly constrain?: (params: TensorTree) => TensorTree;
  /**
   * Which params train (transfer learning): a predicate on the flat key, or a tree of booleans shaped
   * like the params (`freeze(params, ['base'])` from @strata/layers), where a boolean at a prefix covers
   * everything below it and keys it does not reach train. Frozen params get no gradient, no update and
   * no optimizer state: the optimizer sees only the trainable sub-tree.
   */
  readonly trainable?: ((key: string) => boolean) | TrainableTree;
}

/** A tree of booleans, `false` where params are frozen. */
export interface TrainableTree {
  readonly [name: string]: boolean | TrainableTree;
}

/** Whether `key` trains under `trainable` (everything does when it is undefined). */
function trains(trainable: SupervisedStepOptions<unknown>['trainable'], key: string): boolean {
  if (trainable === undefined) return true;
  if (typeof trainable === 'function') return trainable(key) === true;
  let node: boolean | TrainableTree | undefined = trainable;
  for (const part of key.split('/')) {
    if (typeof node !== 'object') break;
    node = node[part];
  }
  if (node !== undefined && typeof node !== 'boolean') {
    throw new ConfigError(
      'supervisedStep({trainable})',
      `'${key}' is a param but the mask has a subtree there`,
    );
  }
  return node !== false;
}

/** The input and target of a batch, or a labelled error naming the keys the batch has. */
export function batchParts(
  batch: Batch,
  keys: { readonly x: string; readonly y: string },
  label: string,
): [tf.Tensor, tf.Tensor] {
  const x = batch[keys.x];
  const y = batch[keys.y];
  if (!x || !y) {
    throw new ConfigError(
      label,
      `each batch needs tensors '${keys.x}' and '${keys.y}', got keys ${Object.keys(batch)
        .map((k) => `'${k}'`)
        .join(', ')}; set keys: { x, y }`,
    );
  }
  return [x, y];
}

/**
 * Scores one batch in inference mode: `loss` (when given) and `{ yTrue: y, yPred }` for the metrics.
 * What `supervisedStep(...).evaluate` and `evaluate` run.
 */
export function supervisedEvaluate(
  model: Layer,
  loss: Loss | undefined,
  keys: { readonly x: string; readonly y: string },
): (train: Pick<TrainState, 'params' | 'state'>, batch: Batch) => EvalOutput {
  return ({ params, state }, batch) => {
    const [x, y] = batchParts(batch, keys, 'evaluate');
    const yPred = model.apply(params, x, { training: false, state }).y;
    return { logs: loss ? { loss: loss(y, yPred) } : {}, outputs: { yTrue: y, yPred } };
  };
}

/**
 * The default training step: forward in training mode, `loss(y, model(x))`, gradients with respect
 * to every param, averaged over the global batch with the model state (`ctx.allMean`), one
 * optimizer update. Logs `loss`; hands `{ yTrue: y, yPred }` to the metrics.
 *
 * @example
 * ```ts
 * import { dense } from '@strata/layers';
 * import { meanSquaredError } from '@strata/losses';
 * import { sgd } from '@strata/optim';
 * import { supervisedStep } from '@strata/train';
 *
 * const step = supervisedStep({
 *   model: dense({ units: 1 }), inputShape: [null, 3], loss: meanSquaredError(), optimizer: sgd({ learningRate: 0.1 }),
 * });
 * step.name; // => 'supervised'
 * ```
 */
export function supervisedStep<OS>(options: SupervisedStepOptions<OS>): TrainingStep<OS> {
  const { model, inputShape, loss, optimizer, constrain, trainable } = options;
  const keys = options.keys ?? { x: 'x', y: 'y' };
  if (
    trainable !== undefined &&
    typeof trainable !== 'function' &&
    (typeof trainable !== 'object' || trainable === null)
  ) {
    throw new ConfigError(
      'supervisedStep({trainable})',
      'must be a predicate on the flat key or a tree of booleans, e.g. freeze(params, paths)',
    );
  }
  /** The trainable leaves of `params` as a sub-tree: what the optimizer sees. */
  const trainableOf = (params: TensorTree): TensorTree =>
    trainable === undefined
      ? params
      : unflattenTree(
          Object.fromEntries(Object.entries(flattenTree(params)).filter(([k]) => trains(trainable, k))),
        );
  return {
    name: 'supervised',
    init: (rng) => {
      const { params, state } = model.init(rng, inputShape);
      return { params, state };
    },
    initOptimizer: (params) => optimizer.init(trainableOf(params)),
    step({ params, state, optState }, batch, ctx) {
      const [x, y] = batchParts(batch, keys, 'supervisedStep');
      const flat = flattenTree(params);
      const names = Object.keys(flat).filter((k) => trains(trainable, k));
      let newState: TensorTree = state;
      let yPred: tf.Tensor | undefined;
      const f = (...leaves: tf.Tensor[]): tf.Scalar => {
        // Frozen leaves enter as constants; gradients are taken for the trainable ones only.
        const p = unflattenTree({ ...flat, ...Object.fromEntries(names.map((k, i) => [k, leaves[i]!])) });
        const out = model.apply(p, x, { training: true, rng: ctx.rng, state, step: ctx.step });
        // valueAndGrads runs f in its own tidy, which would free these; keep them for the caller.
        newState = keepDeep(out.state);
        yPred = tf.keep(out.y);
        return loss(y, out.y);
      };
      const { value, grads } = tf.valueAndGrads(f)(names.map((k) => flat[k]!));
      const local = unflattenTree(Object.fromEntries(names.map((k, i) => [k, grads[i]!])));
      const mean = ctx.allMean({ grads: local, state: newState });
      const trained = trainableOf(params);
      const { updates, state: nextOptState } = optimizer.update(mean.grads as TensorTree, optState, trained);
      // Frozen leaves are handed on as the same tensors (the loop frees only what the new params drop).
      const updated =
        trainable === undefined
          ? applyUpdates(params, updates)
          : unflattenTree({ ...flat, ...flattenTree(applyUpdates(trained, updates)) });
      return {
        params: constrain ? constrain(updated) : updated,
        state: mean.state as TensorTree,
        optState: nextOptState,
        logs: { loss: value },
        outputs: { yTrue: y, yPred: yPred! },
      };
    },
    evaluate: supervisedEvaluate(model, loss, keys),
  };
}
