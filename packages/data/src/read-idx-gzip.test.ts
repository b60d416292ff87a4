import { gzipSync } from 'node:zlib';
import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { readIdxGzip } from './read-idx-gzip.js';

/** An IDX header: magic, type code, rank, then each size as a big-endian uint32. */
function header(type: number, shape: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length);
  out.set([0, 0, type, shape.length]);
  const view = new DataView(out.buffer);
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  return out;
}

describe('readIdxGzip', () => {
  it('inflates and parses a gzipped IDX file, including multi-member gzip', async () => {
    const data = Uint8Array.from({ length: 6 * 5 }, (_, i) => (i * 7) % 256);
    const file = new Uint8Array([...header(0x08, [6, 5]), ...data]);
    const parsed = await readIdxGzip(gzipSync(file));
    expect(parsed.shape).toEqual([6, 5]);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
    // Two gzip members (as `cat a.gz b.gz` makes) inflate to the concatenation.
    const twoMembers = new Uint8Array([...gzipSync(file.subarray(0, 10)), ...gzipSync(file.subarray(10))]);
    expect(Array.from((await readIdxGzip(twoMembers)).data)).toEqual(Array.from(data));
  });

  it('refuses a decompression bomb early, without allocating what it would inflate to', async () => {
    // The header promises 8 + 10 bytes; 400 members of 16 MiB of zeros follow: ~6.4 GB inflated from ~6.5 MB.
    const member = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
    const members = [gzipSync(new Uint8Array([...header(0x08, [10]), ...new Uint8Array(10)]))];
    for (let i = 0; i < 400; i++) members.push(member);
    const bomb = new Uint8Array(members.reduce((n, m) => n + m.length, 0));
    let at = 0;
    for (const m of members) {
      bomb.set(m, at);
      at += m.length;
    }
    expect(bomb.length).toBeLessThan(8_000_000);
    const before = process.memoryUsage().arrayBuffers;
    await expect(readIdxGzip(bomb, { name: 'bomb.gz' })).rejects.toThrow(
      new DataError(
        'readIdxGzip(bomb.gz)',
        'inflates past the 18 bytes its IDX header declares; the file is corrupt or hostile',
      ),
    );
    // Far below the 6.4 GB it would have taken (a few inflated chunks at most).
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('refuses a header that declares more than maxBytes before inflating the rest', async () => {
    // 60000 × 28 × 28 uint8 declared, but only the header is there.
    const declared = gzipSync(header(0x08, [60000, 28, 28]));
    await expect(readIdxGzip(declared, { maxBytes: 1_000_000 })).rejects.toThrow(
      /declares 47040016 bytes, more than maxBytes \(1000000\)/,
    );
    await expect(readIdxGzip(declared)).rejects.toThrow(/truncated/);
  });

  it('labels corrupt, truncated and non-IDX input', async () => {
    await expect(readIdxGzip(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not gzip data/);
    const good = gzipSync(new Uint8Array([...header(0x08, [3]), 1, 2, 3]));
    await expect(readIdxGzip(good.subarray(0, good.length - 6))).rejects.toThrow(/gzip data is corrupt/);
    await expect(readIdxGzip(gzipSync(new Uint8Array([9, 9, 9, 9, 9])), { name: 'x' })).rejects.toThrow(
      /readIdx\(x\): wrong magic number/,
    );
    await expect(readIdxGzip(gzipSync(new Uint8Array([0, 0, 0x42, 1])))).rejects.toThrow(
      /unknown type code 0x42/,
    );
    // A bad header in front of more than 1 KiB: only the start is handed to readIdx for its message.
    const long = new Uint8Array(1216);
    long.set([0xff, 0, 0x0e, 3]);
    await expect(readIdxGzip(gzipSync(long), { name: 'y' })).rejects.toThrow(
      /readIdx\(y\): wrong magic number ff 00 0e 03/,
    );
  });
});
