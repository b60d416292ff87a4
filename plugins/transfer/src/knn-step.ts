import {
  assertInteger,
  assertKnownKeys,
  type Batch,
  ConfigError,
  defineStep,
  type Layer,
  type Shape,
  type TensorTree,
  type TrainingStep,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { knnClassify } from './knn-classify.js';

/** Options of `knnStep`. */
export interface KnnStepOptions {
  /** The feature extractor (a backbone cut with `cutAt`). */
  readonly model: Layer;
  readonly inputShape: Shape;
  readonly k: number;
  readonly classes: number;
  /** Batch keys. Default { x: 'x', y: 'y' }. */
  readonly keys?: { readonly x: string; readonly y: string };
}

function parts(batch: Batch, keys: { x: string; y: string }): [tf.Tensor, tf.Tensor] {
  const x = batch[keys.x];
  const y = batch[keys.y];
  if (!x || !y) {
    throw new ConfigError(
      'transfer/knn',
      `each batch needs '${keys.x}' and '${keys.y}', got ${Object.keys(batch)
        .map((k) => `'${k}'`)
        .join(', ')}; set keys`,
    );
  }
  return [x, y];
}

/**
 * Few-shot classification as a training step: "training" stores the features (from the frozen
 * `model`) and labels of each batch in the model state (`state.knn.features`, `state.knn.labels`);
 * `evaluate` classifies a batch by its `k` nearest stored neighbours (`knnClassify`) and hands the
 * class scores to the metrics. No gradients and no optimizer; params are the extractor's, untouched.
 * Run one epoch over the labelled examples (each further epoch stores them again). Initialize the
 * params from a trained backbone with `fit({ initialParams })`.
 *
 * @example
 * ```ts
 * import { dense } from '@strata/layers';
 * import { knnStep } from '@strata/plugin-transfer';
 *
 * knnStep({ model: dense({ units: 4 }), inputShape: [null, 3], k: 5, classes: 3 }).name; // => 'transfer/knn'
 * ```
 */
export function knnStep(options: KnnStepOptions): TrainingStep<Record<string, never>> {
  const label = 'transfer/knn';
  assertKnownKeys(options, ['model', 'inputShape', 'k', 'classes', 'keys'], label);
  const { model, inputShape } = options;
  assertInteger(options.k, `${label}({k})`);
  assertInteger(options.classes, `${label}({classes})`, 2);
  const keys = options.keys ?? { x: 'x', y: 'y' };
  const features = (params: TensorTree, state: TensorTree, x: tf.Tensor) => {
    const y = model.apply(params, x, { training: false, state: state.model as TensorTree }).y;
    return tf.reshape(y, [y.shape[0]!, -1]);
  };
  return defineStep<Record<string, never>>({
    name: label,
    init(rng) {
      const built = model.init(rng, inputShape);
      const d = built.outputShape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
      return {
        params: built.params,
        state: { model: built.state, knn: { features: tf.zeros([0, d]), labels: tf.zeros([0], 'int32') } },
      };
    },
    initOptimizer: () => ({}),
    step({ params, state, optState }, batch) {
      const [x, y] = parts(batch, keys);
      const memory = state.knn as { features: tf.Tensor; labels: tf.Tensor };
      const f = features(params, state, x);
      return {
        params,
        state: {
          model: state.model as TensorTree,
          knn: {
            features: tf.concat([memory.features, f], 0),
            labels: tf.concat([memory.labels, tf.cast(tf.reshape(y, [-1]), 'int32')], 0),
          },
        },
        optState,
        logs: {},
      };
    },
    evaluate({ params, state }, batch) {
      const [x, y] = parts(batch, keys);
      const memory = state.knn as { features: tf.Tensor; labels: tf.Tensor };
      if (memory.labels.shape[0] === 0) {
        throw new ConfigError(
          label,
          'has stored no labelled examples yet; train one epoch before evaluating',
        );
      }
      const scores = knnClassify({
        support: memory.features,
        labels: memory.labels,
        query: features(params, state, x),
        k: options.k,
        classes: options.classes,
      });
      return { logs: {}, outputs: { yTrue: y, yPred: scores } };
    },
  });
}
