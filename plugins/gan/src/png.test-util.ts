import { inflateSync } from 'node:zlib';

/** CRC-32 (ISO 3309) bit by bit, the definition, as the reference for the encoder's table. */
function crcBitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Decodes the PNGs this package writes (8-bit grey or RGB, filter 0 rows), checking the signature,
 * every chunk's CRC and the chunk order; returns the size and the pixels.
 */
export function decodePng(png: Uint8Array): {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
} {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => png[i] === b)) throw new Error('not a PNG signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  const types: string[] = [];
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (view.getUint32(at + 8 + length) !== crcBitwise(png.subarray(at + 4, at + 8 + length))) {
      throw new Error(`bad CRC in ${type}`);
    }
    types.push(type);
    if (type === 'IHDR') {
      const h = new DataView(data.buffer, data.byteOffset, data.byteLength);
      width = h.getUint32(0);
      height = h.getUint32(4);
      if (data[8] !== 8) throw new Error('bit depth is not 8');
      channels = data[9] === 0 ? 1 : data[9] === 2 ? 3 : 0;
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (types[0] !== 'IHDR' || types.at(-1) !== 'IEND') throw new Error(`chunk order ${types.join(',')}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    if (raw[y * (stride + 1)] !== 0) throw new Error(`row ${y} uses filter ${raw[y * (stride + 1)]}`);
    pixels.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width, height, channels, pixels };
}
