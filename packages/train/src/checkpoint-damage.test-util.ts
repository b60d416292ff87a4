import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenTree, type TensorTree } from '@strata/core';
import type { Checkpoint } from './checkpoint.js';

/*
 * Ways to damage a checkpoint as a disk, a crash or a careless tool would, for the tests. The sealing
 * rule is written here from its definition (the SHA-256 of the manifest's bytes before `,"checksum"`,
 * closed with `}`), not imported, so a test that reseals checks the loader against the spec.
 */

export type Manifest = Record<string, unknown> & {
  bin: string;
  binSha256: string;
  tensors: { dtype: string; shape: number[]; offset: number; byteLength: number }[];
  skeleton: Record<string, unknown>;
};

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function readManifest(dir: string, name = 'checkpoint.json'): Manifest {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Manifest;
}

/** Writes `manifest` with a correct checksum, as a writer that believed it would. */
export function writeSealed(dir: string, manifest: Record<string, unknown>, name = 'checkpoint.json'): void {
  const { checksum: _, ...body } = manifest;
  const json = JSON.stringify(body);
  writeFileSync(join(dir, name), `${json.slice(0, -1)},"checksum":"sha256:${sha256(json)}"}\n`);
}

/** XORs each byte at `positions` (wrapped to the file's length) with its mask (1..255). */
export function flipBytes(file: string, flips: readonly (readonly [number, number])[]): void {
  const bytes = new Uint8Array(readFileSync(file));
  if (bytes.byteLength === 0) return;
  for (const [at, mask] of flips) {
    const i = at % bytes.byteLength;
    bytes[i] = bytes[i]! ^ mask;
  }
  writeFileSync(file, bytes);
}

export function truncate(file: string, length: number): void {
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, Math.min(length, bytes.byteLength)));
}

/**
 * Writes NaN over the first value of the first float32 tensor in the latest checkpoint's data file.
 * With `reseal`, the data file's SHA-256 and the manifest's checksum are recomputed, as a writer that
 * saved non-finite weights would have left them, so only the finite check can catch it.
 */
export function writeNaN(dir: string, reseal: boolean): void {
  const manifest = readManifest(dir);
  const file = join(dir, manifest.bin);
  const bytes = new Uint8Array(readFileSync(file));
  const spec = manifest.tensors.find((t) => t.dtype === 'float32' && t.byteLength > 0);
  if (!spec) throw new Error('writeNaN: the checkpoint has no float32 value');
  new DataView(bytes.buffer).setFloat32(spec.offset, Number.NaN, true);
  writeFileSync(file, bytes);
  if (reseal) writeSealed(dir, { ...manifest, binSha256: sha256(bytes) });
}

/** A checkpoint as plain data (tensors as dtype, shape and values), to compare two loads exactly. */
export function plain(ckpt: Checkpoint): unknown {
  const tensors = (tree: unknown): unknown => {
    if (tree && typeof tree === 'object' && 'dataSync' in tree) {
      const t = tree as { dtype: string; shape: number[]; dataSync(): ArrayLike<number> };
      return { dtype: t.dtype, shape: t.shape, values: Array.from(t.dataSync()) };
    }
    if (Array.isArray(tree)) return tree.map(tensors);
    if (tree && typeof tree === 'object') {
      return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, tensors(v)]));
    }
    return tree;
  };
  const { epoch, step, history, meta, params, state, optState, callbacks } = ckpt;
  return tensors({ epoch, step, history, meta, params, state, optState, callbacks });
}

/** Every value of every tensor in `tree`, by flat key. */
export function values(tree: TensorTree): Record<string, number[]> {
  return Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [k, Array.from(t.dataSync())]));
}
