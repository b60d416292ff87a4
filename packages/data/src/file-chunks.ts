import { createReadStream } from 'node:fs';
import { assertInteger, DataError } from '@strata/core';

/** Default bytes per read: large enough to amortise parsing, small enough to stream any file. */
export const DEFAULT_CHUNK_SIZE = 1 << 20;

/** A function giving a fresh chunked read of `path` each call; read errors become labelled DataErrors. */
export function fileChunks(path: string, chunkSize: number, label: string): () => AsyncIterable<Uint8Array> {
  if (typeof path !== 'string' || path === '') throw new DataError(label, 'expected a file path');
  assertInteger(chunkSize, `${label}({chunkSize})`);
  return async function* () {
    const stream = createReadStream(path, { highWaterMark: chunkSize });
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new DataError(
        label,
        code === 'ENOENT' ? 'no such file; check the path' : `cannot read the file: ${(e as Error).message}`,
      );
    } finally {
      stream.destroy();
    }
  };
}
