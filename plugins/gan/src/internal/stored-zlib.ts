/** A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4): valid, not compressed. */
export function storedZlib(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + data.length + 5 * blocks + 4);
  const view = new DataView(out.buffer);
  out[0] = 0x78; // deflate, 32K window
  out[1] = 0x01; // no preset dictionary; (0x78 << 8 | 0x01) % 31 == 0
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = data.subarray(b * 65535, (b + 1) * 65535);
    out[at] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE 00
    view.setUint16(at + 1, part.length, true);
    view.setUint16(at + 3, ~part.length & 0xffff, true);
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  let [a, c] = [1, 0]; // Adler-32 of the data
  for (const byte of data) {
    a = (a + byte) % 65521;
    c = (c + a) % 65521;
  }
  view.setUint32(at, ((c << 16) | a) >>> 0);
  return out;
}
