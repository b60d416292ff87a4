import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Every open, fsync and rename is recorded (and an fsync can be made to fail), so the tests can check
// the order that makes a checkpoint survive a power cut.
const io = vi.hoisted(() => ({
  log: [] as string[],
  paths: new Map<number, string>(),
  fsyncError: null as string | null,
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: (path: string, flags: string) => {
      const fd = fs.openSync(path, flags);
      io.paths.set(fd, path);
      return fd;
    },
    fsyncSync: (fd: number) => {
      const path = io.paths.get(fd) ?? '?';
      if (io.fsyncError && fs.statSync(path).isDirectory()) {
        throw Object.assign(new Error(`${io.fsyncError}: fsync`), { code: io.fsyncError });
      }
      io.log.push(`fsync ${basename(path)}${fs.statSync(path).isDirectory() ? '/' : ''}`);
      fs.fsyncSync(fd);
    },
    renameSync: (from: string, to: string) => {
      io.log.push(`rename ${basename(from)} -> ${basename(to)}`);
      fs.renameSync(from, to);
    },
  };
});

const { saveCheckpoint, loadCheckpoint } = await import('./checkpoint.js');
const { fsyncDirectory, writeFileDurable } = await import('./durable-write.js');

beforeEach(() => {
  io.log.length = 0;
  io.fsyncError = null;
});

function save(dir: string, epoch: number): void {
  const w = tf.tensor1d([epoch + 0.5]);
  const history = Array.from({ length: epoch + 1 }, () => ({ loss: 1 }));
  saveCheckpoint(dir, { epoch, step: epoch + 1, params: { w }, state: {}, optState: {}, history });
  w.dispose();
}

describe('durable writes', () => {
  it('flush each file before its rename, and the folder before the manifest names the new files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-durable-'));
    save(dir, 0);
    save(dir, 1);
    const name = basename(dir);
    const bin = (step: number) => readdirSync(dir).find((f) => f.startsWith(`checkpoint-${step}-`))!;
    // The second save: data file, the latest kept as previous, folder, manifest, folder.
    expect(io.log.slice(-8)).toEqual([
      `fsync ${bin(2)}.tmp`,
      `rename ${bin(2)}.tmp -> ${bin(2)}`,
      'fsync checkpoint.prev.json.tmp',
      'rename checkpoint.prev.json.tmp -> checkpoint.prev.json',
      `fsync ${name}/`,
      'fsync checkpoint.json.tmp',
      'rename checkpoint.json.tmp -> checkpoint.json',
      `fsync ${name}/`,
    ]);
    const ckpt = loadCheckpoint(dir);
    expect(Array.from((ckpt.params.w as tf.Tensor).dataSync())).toEqual([1.5]);
    tf.dispose(ckpt.params.w as tf.Tensor);
  });

  it.each(['EISDIR', 'EPERM', 'EINVAL'])('go on when the platform refuses to fsync a folder (%s)', (code) => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-durable-'));
    io.fsyncError = code;
    expect(() => fsyncDirectory(dir)).not.toThrow();
    save(dir, 0);
    const ckpt = loadCheckpoint(dir);
    expect(ckpt.epoch).toBe(0);
    tf.dispose(ckpt.params.w as tf.Tensor);
  });

  it('report any other fsync failure (a full or failing disk)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-durable-'));
    io.fsyncError = 'EIO';
    expect(() => fsyncDirectory(dir)).toThrow('EIO');
    expect(() => fsyncDirectory(join(dir, 'missing'))).toThrow(/ENOENT/);
  });

  it('write every byte and leave no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-durable-'));
    const data = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    writeFileDurable(join(dir, 'blob'), data);
    expect(readFileSync(join(dir, 'blob')).equals(data)).toBe(true);
    expect(readdirSync(dir)).toEqual(['blob']);
    expect(io.log).toEqual(['fsync blob.tmp', 'rename blob.tmp -> blob']);
  });
});
