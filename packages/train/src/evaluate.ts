import { ConfigError, type Layer, type Logs, type Loss, type Metric, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Batch, type BatchSource, iterate } from './batch-source.js';
import { disposeDeep } from './dispose.js';

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

export function batchParts(
  batch: Batch,
  keys: { x: string; y: string },
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
  const keys = options.keys ?? { x: 'x', y: 'y' };
  const state = options.state ?? {};
  let lossSum: tf.Scalar = tf.scalar(0);
  let count = 0;
  const states = Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.init()]));
  for await (const batch of iterate(data)) {
    const [x, y] = batchParts(batch, keys, 'evaluate');
    const yPred = tf.tidy(() => model.apply(params, x, { training: false, state }).y);
    if (loss) {
      const next = tf.tidy(() => tf.add(lossSum, tf.mul(loss(y, yPred), x.shape[0]!)) as tf.Scalar);
      lossSum.dispose();
      lossSum = next;
    }
    for (const [name, m] of Object.entries(metrics)) {
      const old = states[name];
      states[name] = m.update(old, y, yPred);
      if (m.dispose) m.dispose(old);
      else disposeDeep(old);
    }
    count += x.shape[0]!;
    yPred.dispose();
    disposeBatch(batch);
  }
  const logs: Record<string, number> = {};
  const results: Record<string, unknown> = {};
  if (loss) logs.loss = count > 0 ? (await lossSum.data())[0]! / count : Number.NaN;
  lossSum.dispose();
  for (const [name, m] of Object.entries(metrics)) {
    const r = m.compute(states[name]);
    if (typeof r === 'number') logs[name] = r;
    else results[name] = r;
    if (m.dispose) m.dispose(states[name]);
    else disposeDeep(states[name]);
  }
  return { logs, results };
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
