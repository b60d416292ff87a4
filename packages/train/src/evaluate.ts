import { ConfigError, type Layer, type Logs, type Loss, type Metric, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Batch, type BatchSource, iterate } from './batch-source.js';
import { supervisedEvaluate } from './supervised-step.js';
import { validatePass } from './validate.js';

export interface EvaluateOptions {
  readonly model: Layer;
  readonly params: TensorTree;
  readonly state?: TensorTree;
  readonly data: BatchSource;
  readonly loss?: Loss;
  // biome-ignore lint/suspicious/noExplicitAny: metric states differ per metric
  readonly metrics?: Readonly<Record<string, Metric<any, unknown>>>;
  readonly keys?: { readonly x: string; readonly y: string };
}

export function disposeBatch(batch: Batch): void {
  for (const t of Object.values(batch)) t.dispose();
}

/**
 * Runs the model in inference mode over `data` and returns the mean loss and each metric's result
 * (`{ loss, accuracy, ... }`; non-numeric results such as a confusion matrix come back under `results`).
 * Batches are disposed as they are consumed; values are read from the device once, at the end.
 */
export async function evaluate(
  options: EvaluateOptions,
): Promise<{ logs: Logs; results: Readonly<Record<string, unknown>> }> {
  const { model, params, data, loss, metrics = {} } = options;
  const score = supervisedEvaluate(model, loss, options.keys ?? { x: 'x', y: 'y' });
  const train = { params, state: options.state ?? {} };
  const sums = await validatePass((batch) => score(train, batch), data, metrics);
  try {
    return await sums.compute();
  } finally {
    sums.dispose();
  }
}

/** Predictions for every batch of `data`, concatenated along the batch axis. The caller owns the result. */
export async function predict(options: Omit<EvaluateOptions, 'loss' | 'metrics'>): Promise<tf.Tensor> {
  const { model, params, data } = options;
  const keys = options.keys ?? { x: 'x', y: 'y' };
  const outputs: tf.Tensor[] = [];
  for await (const batch of iterate(data)) {
    const x = batch[keys.x];
    if (!x) throw new ConfigError('predict', `each batch needs a tensor '${keys.x}'; set keys: { x }`);
    outputs.push(tf.tidy(() => model.apply(params, x, { training: false, state: options.state ?? {} }).y));
    disposeBatch(batch);
  }
  if (outputs.length === 0) throw new ConfigError('predict', 'data yielded no batches');
  const out = outputs.length === 1 ? outputs[0]! : tf.concat(outputs, 0);
  if (outputs.length > 1) for (const t of outputs) t.dispose();
  return out;
}
