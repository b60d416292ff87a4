import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError } from '@strata/core';
import { type IdxArray, readIdx } from './read-idx.js';

const gunzipAsync = promisify(gunzip);

/**
 * Reads and parses an IDX file (Node only). Gzip-compressed files (`*.gz`, detected by their magic bytes
 * 1f 8b, not by name) are decompressed first.
 *
 * @example
 * import { readIdxFile } from '@strata/data/node';
 * const labels = await readIdxFile('data/train-labels-idx1-ubyte.gz'); // { dtype: 'uint8', shape: [60000], ... }
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const label = `readIdxFile(${JSON.stringify(path)})`;
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(path);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new DataError(
      label,
      code === 'ENOENT' ? 'no such file; check the path' : `cannot read the file: ${(e as Error).message}`,
    );
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const raw = await gunzipAsync(bytes);
      bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    } catch (e) {
      throw new DataError(label, `gzip data is corrupt (${(e as Error).message}); download the file again`);
    }
  }
  return readIdx(bytes, basename(path));
}
