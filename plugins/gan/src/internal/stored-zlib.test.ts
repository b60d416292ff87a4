import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { storedZlib } from './stored-zlib.js';

describe('storedZlib (the PNG data stream where node:zlib is absent)', () => {
  // zlib's own inflate is the reference: it checks the header, every block's LEN/NLEN and the Adler-32.
  it.each([0, 1, 1000, 65535, 65536, 200_000])('node:zlib inflates %i bytes back unchanged', (n) => {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + (i >> 8)) & 0xff);
    const stream = storedZlib(data);
    expect(Buffer.from(inflateSync(stream)).equals(Buffer.from(data))).toBe(true);
    // 2 header bytes, 5 per 65,535-byte block (at least one), the data, 4 of Adler-32.
    expect(stream.length).toBe(2 + 5 * Math.max(1, Math.ceil(n / 65535)) + n + 4);
  });

  // The worked example of Adler-32's Wikipedia article.
  it('ends with the Adler-32 of the data ("Wikipedia" is 0x11E60398)', () => {
    const stream = storedZlib(new TextEncoder().encode('Wikipedia'));
    expect(new DataView(stream.buffer).getUint32(stream.length - 4).toString(16)).toBe('11e60398');
  });
});
