import type { Batch, EvalOutput } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, iterate } from './batch-source.js';
import { EpochSums, type Metrics } from './epoch-sums.js';
import { replaceState, rowsOf } from './run-epoch.js';

/**
 * One inference pass over `data`: each batch (or this process's `share` of it) scored by `score`
 * inside `tidy`, logs and metrics accumulated on the device. The caller reads and disposes the sums.
 * Batches are disposed as they are consumed.
 */
export async function validatePass(
  score: (batch: Batch) => EvalOutput,
  data: BatchSource,
  metrics: Metrics,
  share: (batch: Batch) => { readonly batch: Batch; readonly rows: number } = (batch) => ({
    batch,
    rows: rowsOf(batch, 'evaluate'),
  }),
): Promise<EpochSums> {
  const sums = new EpochSums(metrics);
  try {
    for await (const batch of iterate(data)) {
      const whole = new Set(Object.values(batch));
      let part: { batch: Batch; rows: number } | undefined;
      try {
        part = share(batch);
        if (part.rows > 0) {
          const local = part.batch;
          const out = tf.tidy(() => score(local) as unknown as tf.TensorContainer) as unknown as EvalOutput;
          sums.add(out.logs, part.rows, out.outputs);
          replaceState(out, [batch, local]);
        }
      } finally {
        for (const t of Object.values(part?.batch ?? {})) if (!whole.has(t)) t.dispose();
        for (const t of whole) t.dispose();
      }
    }
  } catch (error) {
    sums.dispose();
    throw error;
  }
  return sums;
}
