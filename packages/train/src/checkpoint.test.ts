import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointError, ConfigError, DataError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Checkpoint, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import {
  flipBytes,
  plain,
  readManifest,
  truncate,
  writeNaN,
  writeSealed,
} from './checkpoint-damage.test-util.js';
import { disposeDeep } from './dispose.js';
import { inspectCheckpoints } from './inspect-checkpoints.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'strata-ckpt-'));

/** A checkpoint with every kind of part: dtypes, an odd-length bool before a float32, callbacks, Infinity. */
function sample(epoch: number): Checkpoint {
  const shift = epoch * 10;
  return {
    epoch,
    step: 3 * (epoch + 1),
    params: {
      dense: { kernel: tf.tensor2d([1 + shift, -2, 0.5, 4e-8], [2, 2]), bias: tf.tensor1d([shift, 1]) },
    },
    state: { bn: { mean: tf.tensor1d([0.25 + shift]) } },
    optState: {
      count: epoch + 1,
      flags: tf.tensor1d([true, false, true], 'bool'),
      mu: [tf.tensor1d([-1.5, shift])],
    },
    history: Array.from({ length: epoch + 1 }, (_, e) => ({ epoch: e, loss: 1 / (e + 1), best: Infinity })),
    callbacks: [
      { best: Number.POSITIVE_INFINITY, wait: epoch, weights: { w: tf.tensor1d([shift + 0.5]) } },
      null,
    ],
    meta: { model: 'strata/dense', lr: 0.1 },
  };
}

/** Saves the sample checkpoints of epochs 0..last into a fresh folder and frees their tensors. */
function savedRun(last: number): { dir: string; expected: unknown[] } {
  const dir = fresh();
  const expected: unknown[] = [];
  for (let e = 0; e <= last; e++) {
    const ckpt = sample(e);
    saveCheckpoint(dir, ckpt);
    expected.push(plain(ckpt));
    disposeDeep(ckpt);
  }
  return { dir, expected };
}

function load(dir: string): { got: unknown; warnings: string[] } {
  const warnings: string[] = [];
  const ckpt = loadCheckpoint(dir, { warn: (m) => warnings.push(m) });
  const got = plain(ckpt);
  disposeDeep(ckpt);
  return { got, warnings };
}

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  // Every path, failed loads included, frees what it made.
  expect(tf.memory().numTensors).toBe(before);
});

describe('saveCheckpoint and loadCheckpoint', () => {
  it('round-trip every part exactly, with the SHA-256 of the data file in the manifest', () => {
    const { dir, expected } = savedRun(0);
    const { got, warnings } = load(dir);
    expect(got).toEqual(expected[0]);
    expect(warnings).toEqual([]);
    const manifest = readManifest(dir);
    const bin = new Uint8Array(readFileSync(join(dir, manifest.bin)));
    expect(manifest.binSha256).toBe(createHash('sha256').update(bin).digest('hex'));
    expect(manifest.binBytes).toBe(bin.byteLength);
    // 4 + 2 + 1 + 2 + 1 float32 values (4 bytes each) and 3 bools (1 byte each).
    expect(bin.byteLength).toBe(4 * (4 + 2 + 1 + 2 + 1) + 3);
  });

  it('keep the previous checkpoint and only the data files the two name', () => {
    const { dir, expected } = savedRun(2);
    expect(load(dir).got).toEqual(expected[2]);
    expect(readManifest(dir, 'checkpoint.prev.json').epoch).toBe(1);
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.endsWith('.bin'))).toEqual(
      [readManifest(dir).bin, readManifest(dir, 'checkpoint.prev.json').bin].sort(),
    );
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  const damages: [string, (dir: string) => void, RegExp][] = [
    [
      'flipped bytes in the data file',
      (dir) =>
        flipBytes(
          join(dir, readManifest(dir).bin),
          Array.from({ length: 64 }, (_, i) => [i * 7, 0x5a] as const),
        ),
      /checkpoint-9-[0-9a-f]{16}\.bin: its SHA-256 does not match the one in checkpoint\.json/,
    ],
    [
      'a truncated data file',
      (dir) => truncate(join(dir, readManifest(dir).bin), 10),
      /\.bin: has 10 bytes, but checkpoint\.json says 43: it is truncated/,
    ],
    ['NaN written into the data file', (dir) => writeNaN(dir, false), /its SHA-256 does not match/],
    [
      'NaN written in with the checksums recomputed',
      (dir) => writeNaN(dir, true),
      /\.bin: 'params\/dense\/kernel' holds NaN at index 0; a checkpoint must hold finite weights/,
    ],
    [
      'one flipped byte in the manifest',
      (dir) => flipBytes(join(dir, 'checkpoint.json'), [[40, 1]]),
      /checkpoint\.json: (its checksum does not match|does not end in its checksum)/,
    ],
    [
      'a truncated manifest',
      (dir) => truncate(join(dir, 'checkpoint.json'), 100),
      /checkpoint\.json: does not end in its checksum field/,
    ],
    [
      '"epoch": "zero", resealed',
      (dir) => writeSealed(dir, { ...readManifest(dir), epoch: 'zero' }),
      /checkpoint\.json: 'epoch' must be a non-negative integer, got "zero"/,
    ],
    [
      'an epoch past its history, resealed',
      (dir) => writeSealed(dir, { ...readManifest(dir), epoch: 7 }),
      /'history' must list one entry per epoch up to 'epoch' 7/,
    ],
    [
      'a data file outside the folder, resealed',
      (dir) => writeSealed(dir, { ...readManifest(dir), bin: '../outside.bin' }),
      /'bin' must name a file inside the checkpoint folder, got "\.\.\/outside\.bin", which points outside it/,
    ],
    [
      'an absolute data file, resealed',
      (dir) => writeSealed(dir, { ...readManifest(dir), bin: join(dir, '..', 'outside.bin') }),
      /which points outside it/,
    ],
    [
      'a tensor whose shape overruns the data, resealed',
      (dir) => {
        const m = readManifest(dir);
        m.tensors[0]!.shape = [2, 3];
        writeSealed(dir, m);
      },
      /'tensors\[0\]' must take 24 bytes at offset 0 of 43, got 16 at 0/,
    ],
    [
      'a $number that is not NaN or an infinity, resealed',
      (dir) => {
        const m = readManifest(dir);
        (m.skeleton.callbacks as { best: unknown }[])[0]!.best = { $number: '12' };
        writeSealed(dir, m);
      },
      /'skeleton\/callbacks\/0\/best' must be NaN or an infinity/,
    ],
    [
      'a params leaf that is not a tensor, resealed',
      (dir) => {
        const m = readManifest(dir);
        (m.skeleton.params as Record<string, unknown>).extra = 3;
        writeSealed(dir, m);
      },
      /'skeleton\/params\/extra' must be a tensor or a group of tensors, got 3/,
    ],
  ];

  it.each(damages)('detect %s and load the previous checkpoint, warning', (_, damage, problem) => {
    const { dir, expected } = savedRun(2);
    // The latest is named by its step: 3 × (2 + 1).
    damage(dir);
    const { got, warnings } = load(dir);
    expect(got).toEqual(expected[1]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(problem);
    expect(warnings[0]).toContain('resuming from the previous one, checkpoint.prev.json (epoch 1), instead');
  });

  it('say what is wrong with each file, and what to do, when neither checkpoint is whole', () => {
    const { dir } = savedRun(2);
    writeNaN(dir, true);
    flipBytes(join(dir, 'checkpoint.prev.json'), [[5, 2]]);
    const error = (() => {
      try {
        loadCheckpoint(dir);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toBeInstanceOf(DataError);
    expect(error?.message).toMatch(
      /^loadCheckpoint\(".*"\): no whole checkpoint here: .*checkpoint-9-.*\.bin: 'params\/dense\/kernel' holds NaN at index 0; .*checkpoint\.prev\.json: its checksum does not match its contents: bytes were changed after it was written\. Restore the folder from a backup, or delete it and train from the start without resume$/,
    );
  });

  it('never read a data file outside the folder, even a whole copy of the real one', () => {
    const parent = fresh();
    const dir = join(parent, 'run');
    mkdirSync(dir);
    const ckpt = sample(0);
    saveCheckpoint(dir, ckpt);
    disposeDeep(ckpt);
    const m = readManifest(dir);
    writeFileSync(join(parent, 'outside.bin'), readFileSync(join(dir, m.bin)));
    writeSealed(dir, { ...m, bin: '../outside.bin' });
    expect(() => loadCheckpoint(dir)).toThrow(/points outside it.*Restore the folder from a backup/);
  });

  it('refuse a checkpoint from before checksums, saying so', () => {
    const { dir } = savedRun(0);
    const { checksum: _, ...body } = readManifest(dir);
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ ...body, format: 'strata-checkpoint/1' }));
    expect(() => loadCheckpoint(dir)).toThrow(
      /written by an older Strata, without checksums, so its integrity cannot be checked/,
    );
  });

  it('load the previous one when the latest manifest is empty', () => {
    const { dir, expected } = savedRun(1);
    const m = join(dir, 'checkpoint.json');
    writeFileSync(m, '');
    const { got, warnings } = load(dir);
    expect(got).toEqual(expected[0]);
    expect(warnings[0]).toMatch(/checkpoint\.json: does not end in its checksum field/);
  });

  it('do not let a damaged latest replace the good previous one on the next save', () => {
    const { dir, expected } = savedRun(1);
    writeNaN(dir, false);
    // A resumed run loads epoch 0 and saves epoch 1 again: the damaged epoch 1 must not become previous.
    const again = sample(1);
    saveCheckpoint(dir, again);
    disposeDeep(again);
    expect(readManifest(dir, 'checkpoint.prev.json').epoch).toBe(0);
    expect(load(dir).got).toEqual(expected[1]);
    flipBytes(join(dir, 'checkpoint.json'), [[3, 4]]);
    expect(load(dir).got).toEqual(expected[0]);
  });

  it('refuse to save non-finite weights, writing nothing', () => {
    const dir = join(fresh(), 'never');
    const good = sample(0);
    const ckpt = { ...good, state: { bn: { mean: tf.tensor1d([1, Number.NEGATIVE_INFINITY]) } } };
    expect(() => saveCheckpoint(dir, ckpt)).toThrow(
      /^saveCheckpoint\(".*"\): 'state\/bn\/mean' holds -Infinity at index 1; a checkpoint holds finite weights only, so nothing was written/,
    );
    expect(existsSync(dir)).toBe(false);
    expect(() => saveCheckpoint(dir, { ...ckpt, history: [] })).toThrow(ConfigError);
    disposeDeep([ckpt, good.state]);
  });

  it('report each checkpoint through inspectCheckpoints, as loadCheckpoint judges it', () => {
    const { dir } = savedRun(2);
    truncate(join(dir, readManifest(dir).bin), 0);
    const reports = inspectCheckpoints(dir);
    expect(reports.map((r) => [r.slot, r.ok])).toEqual([
      ['latest', false],
      ['previous', true],
    ]);
    expect(reports[0]!.ok === false && reports[0]!.problem).toMatch(
      /has 0 bytes, but checkpoint\.json says 43/,
    );
    expect(reports[1]!.ok && [reports[1]!.epoch, reports[1]!.step, reports[1]!.meta]).toEqual([
      1,
      6,
      { model: 'strata/dense', lr: 0.1 },
    ]);
    expect(hasCheckpoint(dir)).toBe(true);
    expect(inspectCheckpoints(fresh())).toEqual([]);
  });
});
