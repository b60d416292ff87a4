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
  const { model, inputShape, loss, optimizer, constrain } = options;
  const keys = options.keys ?? { x: 'x', y: 'y' };
  return {
    name: 'supervised',
    init: (rng) => {
      const { params, state } = model.init(rng, inputShape);
      return { params, state };
    },
    initOptimizer: (params) => optimizer.init(params),
    step({ params, state, optState }, batch, ctx) {
      const [x, y] = batchParts(batch, keys, 'supervisedStep');
      const flat = flattenTree(params);
      const names = Object.keys(flat);
      let newState: TensorTree = state;
      let yPred: tf.Tensor | undefined;
      const f = (...leaves: tf.Tensor[]): tf.Scalar => {
        const p = unflattenTree(Object.fromEntries(names.map((k, i) => [k, leaves[i]!])));
        const out = model.apply(p, x, { training: true, rng: ctx.rng, state, step: ctx.step });
        // valueAndGrads runs f in its own tidy, which would free these; keep them for the caller.
        newState = keepDeep(out.state);
        yPred = tf.keep(out.y);
        return loss(y, out.y);
      };
      const { value, grads } = tf.valueAndGrads(f)(names.map((k) => flat[k]!));
      const local = unflattenTree(Object.fromEntries(names.map((k, i) => [k, grads[i]!])));
      const mean = ctx.allMean({ grads: local, state: newState });
      const { updates, state: nextOptState } = optimizer.update(mean.grads as TensorTree, optState, params);
      return {
        params: constrain ? constrain(applyUpdates(params, updates)) : applyUpdates(params, updates),
        state: mean.state as TensorTree,
        optState: nextOptState,
        logs: { loss: value },
        outputs: { yTrue: y, yPred: yPred! },
      };
    },
    evaluate: supervisedEvaluate(model, loss, keys),
  };
}
