import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { blobsConfig, runCli, tempDir } from './cli.test-util.js';

/**
 * File system faults while the run folder is written. ENOTDIR and ENOSPC are real (a file where a
 * folder goes; /dev/full, which fails every write with ENOSPC). EACCES and EROFS cannot be made real
 * here: tests may run as root, whom permissions do not stop, and mounting a read-only file system
 * needs privileges; node:fs is wrapped so that one call fails with the error node raises for them.
 */
const fault = vi.hoisted(() => ({
  current: undefined as
    | undefined
    | { fn: 'mkdirSync' | 'writeFileSync'; code: string; errno: number; match: RegExp },
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const syscalls = { mkdirSync: 'mkdir', writeFileSync: 'open' } as const;
  const failing = <F extends 'mkdirSync' | 'writeFileSync'>(fn: F) =>
    ((...args: unknown[]) => {
      const f = fault.current;
      const path = String(args[0]);
      if (f?.fn === fn && f.match.test(path)) {
        const syscall = syscalls[fn];
        const what = f.code === 'EACCES' ? 'permission denied' : 'read-only file system';
        throw Object.assign(new Error(`${f.code}: ${what}, ${syscall} '${path}'`), {
          errno: f.errno,
          code: f.code,
          syscall,
          path,
        });
      }
      return (fs[fn] as (...a: unknown[]) => unknown)(...args);
    }) as (typeof fs)[F];
  const wrapped = { ...fs, mkdirSync: failing('mkdirSync'), writeFileSync: failing('writeFileSync') };
  return { ...wrapped, default: wrapped };
});

describe('strata train: a file system fault is one line naming the path, exit 1', () => {
  it('ENOTDIR: --out is a file (found before anything is read or written)', async () => {
    const dir = tempDir();
    const file = join(dir, 'results.txt');
    writeFileSync(file, 'not a folder');
    for (const out of [file, join(file, 'runs')]) {
      const { code, err } = await runCli('train', blobsConfig(dir), '--out', out);
      expect(code).toBe(1);
      expect(err).toEqual([
        `strata: scandir ${file} failed: a part of the path is a file, not a folder (ENOTDIR); choose another --out or --name, or move the file`,
      ]);
    }
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    expect(readdirSync(dir).sort()).toEqual(['blobs.json', 'results.txt']);
  });

  it('ENOSPC: the disk fills while the run writes its metrics (a real write to /dev/full)', async () => {
    const dir = tempDir();
    const runDir = join(dir, 'runs', 'blobs');
    mkdirSync(runDir, { recursive: true });
    // The run continues this folder, whose metrics file is the full device.
    symlinkSync('/dev/full', join(runDir, 'metrics.jsonl'));
    const { code, err } = await runCli('train', blobsConfig(dir), '--out', join(dir, 'runs'), '--resume');
    expect(code).toBe(1);
    expect(err).toEqual([
      `strata: write ${runDir} failed: no space left on the device (ENOSPC); free space or choose an --out on another disk, then --resume`,
    ]);
    expect(existsSync(join(runDir, 'checkpoint'))).toBe(false);
  });

  it('EACCES: the run folder cannot be created', async () => {
    const dir = tempDir();
    const out = join(dir, 'runs');
    fault.current = { fn: 'mkdirSync', code: 'EACCES', errno: -13, match: /runs[/\\]blobs$/ };
    try {
      const { code, err } = await runCli('train', blobsConfig(dir), '--out', out);
      expect(code).toBe(1);
      expect(err).toEqual([
        `strata: mkdir ${join(out, 'blobs')} failed: permission denied (EACCES); choose a writable --out, or change the folder's permissions`,
      ]);
    } finally {
      fault.current = undefined;
    }
    expect(existsSync(out)).toBe(false);
  });

  it('EROFS: the config cannot be saved in the run folder; --verbose adds the stack', async () => {
    const dir = tempDir();
    const out = join(dir, 'runs');
    const file = join(out, 'blobs', 'config.json');
    fault.current = { fn: 'writeFileSync', code: 'EROFS', errno: -30, match: /config\.json$/ };
    try {
      const quiet = await runCli('train', blobsConfig(dir), '--out', out);
      expect(quiet.code).toBe(1);
      const line = `strata: open ${file} failed: the file system is read-only (EROFS); choose an --out on a writable file system`;
      expect(quiet.err).toEqual([line]);
      const verbose = await runCli('train', blobsConfig(dir), '--out', join(dir, 'other'), '--verbose');
      expect(verbose.code).toBe(1);
      expect(verbose.err[0]).toBe(line.replace(out, join(dir, 'other')));
      expect(verbose.err[1]).toMatch(/^Error: EROFS: read-only file system, open /);
      expect(verbose.err.slice(2).every((l) => /^\s+at /.test(l))).toBe(true);
    } finally {
      fault.current = undefined;
    }
    expect(existsSync(file)).toBe(false);
  });
});
