import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DataError } from '@strata/core';
import { type IdxArray, readIdx } from './read-idx.js';
import { readIdxGzip } from './read-idx-gzip.js';

/**
 * Reads and parses an IDX file (Node only). Gzip-compressed files (`*.gz`, detected by their magic bytes
 * 1f 8b, not by name) are inflated by `readIdxGzip`, capped by the size their IDX header declares.
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { gzipSync } from 'node:zlib';
 * import { readIdxFile } from '@strata/data/node';
 *
 * // An IDX file of three uint8 labels: magic 0 0 8 1, the length 3 (big-endian), the bytes; gzipped.
 * const dir = mkdtempSync(join(tmpdir(), 'strata-idx-'));
 * const path = join(dir, 'labels-idx1-ubyte.gz');
 * writeFileSync(path, gzipSync(new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9])));
 * const labels = await readIdxFile(path);
 * labels; // => { dtype: 'uint8', shape: [3], data: [7, 8, 9] }
 * rmSync(dir, { recursive: true });
 * ```
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
    return readIdxGzip(bytes, { name: basename(path) });
  }
  return readIdx(bytes, basename(path));
}
