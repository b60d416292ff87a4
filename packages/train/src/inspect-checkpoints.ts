import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Damaged, LATEST, PREVIOUS, readVerifiedSlot } from './checkpoint-manifest.js';

/** One checkpoint in a folder, as `inspectCheckpoints` found it. */
export type CheckpointReport =
  | {
      /** `latest` (checkpoint.json) or `previous` (checkpoint.prev.json). */
      readonly slot: 'latest' | 'previous';
      /** The manifest's path. */
      readonly file: string;
      readonly ok: true;
      readonly epoch: number;
      readonly step: number;
      readonly meta: Readonly<Record<string, unknown>>;
    }
  | {
      readonly slot: 'latest' | 'previous';
      readonly file: string;
      readonly ok: false;
      /** What is wrong, naming the file at fault. */
      readonly problem: string;
    };

/**
 * Checks each checkpoint in `dir` as `loadCheckpoint` would (checksums, manifest fields, finite
 * weights) without making tensors, and reports each one present: whole, with its epoch, step and meta,
 * or damaged, with what is wrong. `loadCheckpoint` loads the first whole one in this order. Lets a
 * command check a `--resume` folder before it writes anything.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { inspectCheckpoints, saveCheckpoint } from '@strata/train';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-ckpt-'));
 * inspectCheckpoints(dir); // => []
 * const history = [{ loss: 1 }];
 * saveCheckpoint(dir, { epoch: 0, step: 3, params: { w: tf.tensor1d([1]) }, state: {}, optState: {}, history, meta: { model: 'm' } });
 * inspectCheckpoints(dir).map((r) => [r.slot, r.ok]); // => [['latest', true]]
 * inspectCheckpoints(dir)[0]!.ok && inspectCheckpoints(dir)[0]!.meta; // => { model: 'm' }
 * ```
 */
export function inspectCheckpoints(dir: string): CheckpointReport[] {
  const reports: CheckpointReport[] = [];
  for (const [slot, name] of [
    ['latest', LATEST],
    ['previous', PREVIOUS],
  ] as const) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    try {
      const { manifest } = readVerifiedSlot(dir, name);
      const { epoch, step, meta } = manifest;
      reports.push({ slot, file, ok: true, epoch, step, meta });
    } catch (error) {
      if (!(error instanceof Damaged)) throw error;
      reports.push({ slot, file, ok: false, problem: error.message });
    }
  }
  return reports;
}
