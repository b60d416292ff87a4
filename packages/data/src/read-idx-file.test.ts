import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { readIdxFile } from './read-idx-file.js';

describe('readIdxFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-idx-'));
  // int16, dims [2, 2]: 1, -1, 256, 32767 written big-endian by hand.
  const bytes = new Uint8Array([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 1, 0xff, 0xff, 1, 0, 0x7f, 0xff]);

  it('reads plain and gzip-compressed files alike (gzip found by its magic bytes, not its name)', async () => {
    writeFileSync(join(dir, 'plain'), bytes);
    writeFileSync(join(dir, 'zipped'), gzipSync(bytes));
    for (const name of ['plain', 'zipped']) {
      const parsed = await readIdxFile(join(dir, name));
      expect(parsed.dtype).toBe('int16');
      expect(parsed.shape).toEqual([2, 2]);
      expect(Array.from(parsed.data)).toEqual([1, -1, 256, 32767]);
    }
  });

  it('gives a labelled DataError for a missing file, corrupt gzip and a bad IDX file', async () => {
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toThrow(DataError);
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toThrow(/nope"\): no such file/);
    writeFileSync(join(dir, 'corrupt.gz'), new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    await expect(readIdxFile(join(dir, 'corrupt.gz'))).rejects.toThrow(/gzip data is corrupt/);
    writeFileSync(join(dir, 'short'), bytes.subarray(0, 15));
    await expect(readIdxFile(join(dir, 'short'))).rejects.toThrow(/readIdx\(short\): truncated/);
  });
});
