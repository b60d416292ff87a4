import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError, ConfigError, DataError, type Logs, type TensorTree } from '@strata/core';
import {
  binName,
  Damaged,
  FORMAT,
  firstNonFinite,
  LATEST,
  manifestText,
  PREVIOUS,
  readVerifiedSlot,
  sha256,
  tensorPaths,
  type VerifiedSlot,
} from './checkpoint-manifest.js';
import { fsyncDirectory, writeFileDurable } from './durable-write.js';
import { deserializeTree, serializeTree } from './serialize.js';

/** Everything needed to resume training after the epoch it was taken at. */
export interface Checkpoint<OS = unknown> {
  /** The last finished epoch (0-based). */
  readonly epoch: number;
  readonly step: number;
  readonly params: TensorTree;
  readonly state: TensorTree;
  readonly optState: OS;
  /** One entry per epoch up to `epoch`. */
  readonly history: readonly Logs[];
  /** Each callback's `getState()` (undefined for those without), in the run's callback order. */
  readonly callbacks?: readonly unknown[];
  /** Free-form facts about the run (model, config), saved as JSON. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** A callback stopped the run at this epoch (early stopping): resuming trains nothing more. */
  readonly stopped?: boolean;
}

export interface LoadCheckpointOptions {
  /** Told when the latest checkpoint is damaged and the previous one is loaded instead. Default console.warn. */
  readonly warn?: (message: string) => void;
}

const DATA_FILE = /^checkpoint-[0-9a-z-]*\.bin(\.tmp)?$/;

/**
 * Writes a checkpoint to `dir`: the tensors to a data file `checkpoint-<step>-<hash>.bin`, then the
 * manifest `checkpoint.json` (the epoch, step, history and meta, the data file's length and SHA-256,
 * and its own checksum). The checkpoint that was latest is kept as `checkpoint.prev.json` (with its data
 * file) when it verifies whole, so a damaged latest can be replaced by the one before it. Each file is
 * written under a temporary name, flushed to the disk and renamed, and the folder flushed before the
 * manifest's rename, so a crash or power cut at any point leaves the earlier checkpoint whole. Throws a
 * DataError, writing nothing, when a float32 tensor holds NaN or an infinity.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { loadCheckpoint, saveCheckpoint } from '@strata/train';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-ckpt-'));
 * const w = tf.tensor1d([1.5, -2]);
 * for (const epoch of [0, 1]) {
 *   const history = Array.from({ length: epoch + 1 }, (_, e) => ({ loss: 1 / (e + 1) }));
 *   saveCheckpoint(dir, { epoch, step: 4 * (epoch + 1), params: { w }, state: {}, optState: {}, history });
 * }
 * // The latest checkpoint and the one before it, each with its data file.
 * readdirSync(dir).filter((f) => f.endsWith('.json')).sort(); // => ['checkpoint.json', 'checkpoint.prev.json']
 * const back = loadCheckpoint(dir);
 * back.epoch; // => 1
 * back.history.map((h) => h.loss); // => [1, 0.5]
 * back.params.w; // => [1.5, -2]
 * ```
 */
export function saveCheckpoint(dir: string, ckpt: Checkpoint): void {
  const label = `saveCheckpoint(${JSON.stringify(dir)})`;
  const { epoch, step, history } = ckpt;
  for (const [name, v] of [
    ['epoch', epoch],
    ['step', step],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new ConfigError(label, `${name} must be a non-negative integer, got ${v}`);
    }
  }
  if (history.length !== epoch + 1) {
    throw new ConfigError(
      label,
      `history must hold one entry per epoch up to epoch ${epoch} (${epoch + 1}), got ${history.length}`,
    );
  }
  const { skeleton, tensors, data } = serializeTree({
    params: ckpt.params,
    state: ckpt.state,
    optState: ckpt.optState,
    ...(ckpt.callbacks ? { callbacks: ckpt.callbacks } : {}),
  });
  const bad = firstNonFinite(data, tensors);
  if (bad) {
    throw new DataError(
      label,
      `'${tensorPaths(skeleton)[bad.tensor]}' holds ${bad.value} at index ${bad.index}; a checkpoint holds finite weights only, so nothing was written (the run diverged: lower the learning rate or clip gradients)`,
    );
  }
  // The latest becomes the previous only if it is whole: a damaged one (a resume that fell back past
  // it) must not replace the good previous. Checked before anything is written, since the new data
  // file may take the name of the latest's (the same step and bytes) and hide its damage.
  const latest = tryVerify(dir, LATEST);
  mkdirSync(dir, { recursive: true });
  const binSha256 = sha256(data);
  const bin = binName(step, binSha256);
  writeFileDurable(join(dir, bin), data);
  const text = manifestText({
    format: FORMAT,
    epoch,
    step,
    history: serializeTree(history).skeleton,
    meta: ckpt.meta ?? {},
    bin,
    binBytes: data.byteLength,
    binSha256,
    tensors,
    skeleton,
    ...(ckpt.stopped ? { stopped: true } : {}),
  });
  if (latest) writeFileDurable(join(dir, PREVIOUS), latest.text);
  // The data files and the previous manifest are on disk before the new manifest names them.
  fsyncDirectory(dir);
  writeFileDurable(join(dir, LATEST), text);
  fsyncDirectory(dir);
  const keep = new Set([bin, binOf(join(dir, PREVIOUS))]);
  for (const f of readdirSync(dir)) {
    const stale = (DATA_FILE.test(f) && !keep.has(f)) || f === `${LATEST}.tmp` || f === `${PREVIOUS}.tmp`;
    if (stale) rmSync(join(dir, f), { force: true });
  }
}

function tryVerify(dir: string, name: string): VerifiedSlot | null {
  if (!existsSync(join(dir, name))) return null;
  try {
    return readVerifiedSlot(dir, name);
  } catch (error) {
    if (error instanceof Damaged) return null;
    throw error;
  }
}

/** The data file a manifest names, read leniently (for cleaning up, not for loading). */
function binOf(manifest: string): string | undefined {
  try {
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: unknown }).bin;
    return typeof bin === 'string' ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `dir` holds a checkpoint (the latest or the previous), whole or not.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { hasCheckpoint } from '@strata/train';
 *
 * hasCheckpoint(mkdtempSync(join(tmpdir(), 'strata-empty-'))); // => false
 * ```
 */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, LATEST)) || existsSync(join(dir, PREVIOUS));
}

/**
 * Reads the checkpoint in `dir` after checking it whole: the manifest's checksum and fields, the data
 * file's length and SHA-256, and that every float32 weight is finite. When the latest is damaged (a
 * flipped byte, a truncated file, a NaN written in, a bad field) and the previous one is whole, the
 * previous one is loaded and `warn` says so; when neither is, a CheckpointError names each file and what
 * is wrong with it. The caller owns the returned tensors.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { loadCheckpoint, saveCheckpoint } from '@strata/train';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-ckpt-'));
 * const history = [{ loss: 2 }];
 * saveCheckpoint(dir, { epoch: 0, step: 1, params: { w: tf.tensor1d([1]) }, state: {}, optState: {}, history });
 * saveCheckpoint(dir, { epoch: 1, step: 2, params: { w: tf.tensor1d([2]) }, state: {}, optState: {}, history: [...history, { loss: 1 }] });
 * // Damage the latest: its data file (the one the manifest names) loses its bytes.
 * const bins = readdirSync(dir).filter((f) => f.startsWith('checkpoint-2-'));
 * writeFileSync(join(dir, bins[0]!), new Uint8Array(0));
 * const warnings: string[] = [];
 * const back = loadCheckpoint(dir, { warn: (m) => warnings.push(m) });
 * back.epoch; // => 0
 * back.params.w; // => [1]
 * warnings.length; // => 1
 * ```
 */
export function loadCheckpoint<OS = unknown>(
  dir: string,
  options: LoadCheckpointOptions = {},
): Checkpoint<OS> {
  const label = `loadCheckpoint(${JSON.stringify(dir)})`;
  if (!hasCheckpoint(dir)) {
    throw new CheckpointError(
      label,
      `no ${LATEST} here; train with this checkpoint directory first, or resume from the folder that holds one`,
    );
  }
  const problems: string[] = [];
  for (const name of [LATEST, PREVIOUS]) {
    if (!existsSync(join(dir, name))) {
      problems.push(`${join(dir, name)} is missing`);
      continue;
    }
    let slot: VerifiedSlot;
    try {
      slot = readVerifiedSlot(dir, name);
    } catch (error) {
      if (!(error instanceof Damaged)) throw error;
      problems.push(error.message);
      continue;
    }
    if (problems.length > 0) {
      const warn = options.warn ?? ((m: string) => console.warn(m));
      warn(
        `${label}: the latest checkpoint is damaged (${problems.join('; ')}); resuming from the previous one, ${PREVIOUS} (epoch ${slot.manifest.epoch}), instead`,
      );
    }
    return fromSlot<OS>(slot);
  }
  throw new CheckpointError(
    label,
    `no whole checkpoint here: ${problems.join('; ')}. Restore the folder from a backup, or delete it and train from the start without resume`,
  );
}

function fromSlot<OS>(slot: VerifiedSlot): Checkpoint<OS> {
  const { manifest, data } = slot;
  const history = deserializeTree({
    skeleton: manifest.history,
    tensors: [],
    data: new Uint8Array(0),
  }) as Logs[];
  const tree = deserializeTree({ skeleton: manifest.skeleton, tensors: manifest.tensors, data }) as {
    params: TensorTree;
    state: TensorTree;
    optState: OS;
    callbacks?: unknown[];
  };
  return {
    epoch: manifest.epoch,
    step: manifest.step,
    history,
    meta: manifest.meta,
    ...(manifest.stopped ? { stopped: true } : {}),
    ...tree,
  };
}
