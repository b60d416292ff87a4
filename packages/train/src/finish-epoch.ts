import type { Checkpoint } from './checkpoint.js';
import { saveCheckpoint } from './checkpoint.js';
import type { TrainCallback, TrainContext } from './context.js';

/**
 * What `fit` does after each epoch, with or without workers: write the checkpoint (when
 * `checkpointDir` is set), then run every callback's `onEpochEnd`. Returns true when one asked to stop.
 */
export async function finishEpoch<OS>(
  checkpointDir: string | undefined,
  checkpoint: Checkpoint<OS>,
  callbacks: readonly TrainCallback[],
  ctx: TrainContext,
): Promise<boolean> {
  if (checkpointDir) saveCheckpoint(checkpointDir, checkpoint);
  let stop = false;
  const logs = checkpoint.history[checkpoint.history.length - 1]!;
  for (const cb of callbacks) {
    const r = await cb.onEpochEnd?.(checkpoint.epoch, logs, ctx);
    if (r?.stop) stop = true;
  }
  return stop;
}
