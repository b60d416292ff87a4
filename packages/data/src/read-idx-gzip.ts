import { assertInteger, assertKnownKeys, DataError } from '@strata/core';
import { type IdxArray, readIdx, TYPES } from './read-idx.js';

const INPUT_SLICE = 64 * 1024;

/** Options of `readIdxGzip`. */
export interface ReadIdxGzipOptions {
  /** The name in error messages (a file name). */
  readonly name?: string;
  /** The largest uncompressed file accepted, in bytes (default 2 GiB − 1, the largest typed array everywhere). */
  readonly maxBytes?: number;
}

/** The whole uncompressed size an IDX header declares, or undefined while the header is incomplete or invalid. */
function declaredSize(prefix: Uint8Array): number | 'invalid' | undefined {
  if (prefix.length < 4) return undefined;
  const type = TYPES[prefix[2]!];
  if (prefix[0] !== 0 || prefix[1] !== 0 || type === undefined) return 'invalid';
  const header = 4 + 4 * prefix[3]!;
  if (prefix.length < header) return undefined;
  const view = new DataView(prefix.buffer, prefix.byteOffset, header);
  let count = 1;
  for (let i = 0; i < prefix[3]!; i++) count *= view.getUint32(4 + 4 * i, false);
  return header + count * type.bytes;
}

/** The first `total` bytes of the chunks, in one array. */
function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    if (at >= total) break;
    const part = c.subarray(0, total - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Parses a gzip-compressed IDX file (MNIST's `*-idx3-ubyte.gz`) from its bytes, inflating it as a
 * stream (the web `DecompressionStream`, so it runs in browsers and Node) capped by what the file
 * promises: once the IDX header is out, inflation stops with a DataError the moment the output passes
 * the size the header declares, and a header declaring more than `maxBytes` is refused at once. A small
 * gzip that would inflate to gigabytes (a decompression bomb) is refused without allocating it.
 *
 * @example
 * ```ts
 * import { gzipSync } from 'node:zlib';
 * import { readIdxGzip } from '@strata/data';
 *
 * const idx = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]);
 * await readIdxGzip(gzipSync(idx)); // => { dtype: 'uint8', shape: [3], data: [7, 8, 9] }
 * // The header promises 3 bytes, the stream holds a million: refused after the first chunk.
 * const bomb = gzipSync(new Uint8Array([...idx, ...new Uint8Array(1_000_000)]));
 * await readIdxGzip(bomb, { name: 'bomb.gz' }).catch((e) => e.message); // => 'readIdxGzip(bomb.gz): inflates past the 11 bytes its IDX header declares; the file is corrupt or hostile'
 * ```
 */
export async function readIdxGzip(bytes: Uint8Array, options: ReadIdxGzipOptions = {}): Promise<IdxArray> {
  assertKnownKeys(options, ['name', 'maxBytes'], 'readIdxGzip(bytes, options)');
  const { name = 'bytes', maxBytes = 2 ** 31 - 1 } = options;
  assertInteger(maxBytes, 'readIdxGzip({maxBytes})');
  const label = `readIdxGzip(${name})`;
  if (!(bytes instanceof Uint8Array))
    throw new DataError(label, `expected a Uint8Array of the file's bytes, got ${typeof bytes}`);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new DataError(label, 'not gzip data (no 1f 8b magic); use readIdx for uncompressed bytes');
  }
  // Compressed input goes in 64 KiB slices on demand: deflate expands at most ~1032×, so one step holds
  // at most ~68 MB of output before the cap below can stop it.
  let offset = 0;
  const input = new ReadableStream<BufferSource>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + INPUT_SLICE));
      offset += INPUT_SLICE;
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit: number | undefined;
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (e) {
        throw new DataError(label, `gzip data is corrupt (${(e as Error).message}); download the file again`);
      }
      if (result.done) break;
      chunks.push(result.value);
      total += result.value.length;
      if (limit === undefined) {
        const size = declaredSize(chunks.length === 1 ? result.value : concat(chunks, Math.min(total, 1024)));
        // An invalid header: readIdx names what is wrong with it.
        if (size === 'invalid') return readIdx(concat(chunks, Math.min(total, 1024)), name);
        if (size !== undefined) {
          if (size > maxBytes) {
            throw new DataError(
              label,
              `the IDX header declares ${size} bytes, more than maxBytes (${maxBytes}); raise maxBytes if the file is genuine`,
            );
          }
          limit = size;
        }
      }
      if (limit !== undefined && total > limit) {
        throw new DataError(
          label,
          `inflates past the ${limit} bytes its IDX header declares; the file is corrupt or hostile`,
        );
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return readIdx(concat(chunks, total), name);
}
