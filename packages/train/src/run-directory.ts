import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainCallback } from './context.js';

/**
 * Records a run in `dir`: one JSON line per epoch in `metrics.jsonl`, written as each epoch ends so
 * that a crashed run keeps what it finished.
 */
export function recordMetrics(dir: string): TrainCallback {
  const file = join(dir, 'metrics.jsonl');
  return {
    onTrainBegin(ctx) {
      mkdirSync(dir, { recursive: true });
      // A resumed run rewrites the epochs it already has, so the file always matches the history.
      writeFileSync(file, ctx.history.map((h) => `${JSON.stringify(h)}\n`).join(''));
    },
    onEpochEnd(_epoch, logs) {
      appendFileSync(file, `${JSON.stringify(logs)}\n`);
    },
  };
}
