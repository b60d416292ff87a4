import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type Logs, type TensorTree } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import { deserializeTree, serializeTree } from './serialize.js';

/** Everything needed to resume training after the epoch it was taken at. */
export interface Checkpoint<OS = unknown> {
  /** The last finished epoch (0-based). */
  readonly epoch: number;
  readonly step: number;
  readonly params: TensorTree;
  readonly state: TensorTree;
  readonly optState: OS;
  readonly history: readonly Logs[];
  /** Each callback's `getState()` (undefined for those without), in the run's callback order. */
  readonly callbacks?: readonly unknown[];
  /** Free-form facts about the run (model, config), saved as JSON. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

const FORMAT = 'strata-checkpoint/1';

/**
 * Writes `dir/checkpoint.json` and `dir/checkpoint.bin`. Each file is written to a temporary name and
 * renamed into place, and the JSON (which names the bin) last, so a crash mid-write leaves the previous
 * checkpoint whole.
 */
export function saveCheckpoint(dir: string, ckpt: Checkpoint): void {
  mkdirSync(dir, { recursive: true });
  const { skeleton, tensors, data } = serializeTree({
    params: ckpt.params,
    state: ckpt.state,
    optState: ckpt.optState,
    ...(ckpt.callbacks ? { callbacks: ckpt.callbacks } : {}),
  });
  const bin = `checkpoint-${ckpt.step}.bin`;
  writeFileSync(join(dir, `${bin}.tmp`), data);
  renameSync(join(dir, `${bin}.tmp`), join(dir, bin));
  const manifest = {
    format: FORMAT,
    epoch: ckpt.epoch,
    step: ckpt.step,
    history: ckpt.history,
    meta: ckpt.meta ?? {},
    bin,
    tensors,
    skeleton,
  };
  writeFileSync(join(dir, 'checkpoint.json.tmp'), JSON.stringify(manifest));
  renameSync(join(dir, 'checkpoint.json.tmp'), join(dir, 'checkpoint.json'));
  for (const f of readdirSync(dir)) {
    if (/^checkpoint-\d+\.bin(\.tmp)?$/.test(f) && f !== bin) rmSync(join(dir, f), { force: true });
  }
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'checkpoint.json'));
}

/** Reads a checkpoint written by `saveCheckpoint`; the caller owns its tensors. */
export function loadCheckpoint<OS = unknown>(dir: string): Checkpoint<OS> {
  const label = `loadCheckpoint(${JSON.stringify(dir)})`;
  if (!hasCheckpoint(dir))
    throw new DataError(label, 'no checkpoint.json here; train with a checkpoint directory first');
  const manifest = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
  if (manifest.format !== FORMAT) {
    throw new DataError(label, `format ${JSON.stringify(manifest.format)} is not ${FORMAT}`);
  }
  const bytes = new Uint8Array(readFileSync(join(dir, manifest.bin)));
  const tree = deserializeTree({ skeleton: manifest.skeleton, tensors: manifest.tensors, data: bytes }) as {
    params: TensorTree;
    state: TensorTree;
    optState: OS;
    callbacks?: unknown[];
  };
  return {
    epoch: manifest.epoch,
    step: manifest.step,
    history: manifest.history,
    meta: manifest.meta,
    ...tree,
  };
}

export type { tf };
