import { ConfigError } from '@strata/core';
import { storedZlib } from './internal/stored-zlib.js';

/*
 * A minimal PNG encoder (PNG 1.2 / ISO 15948): 8-bit grey or RGB, no interlace, filter type 0 on every
 * row, the image data compressed by node:zlib. Enough for sample grids, and no dependency.
 *
 * Node's modules are reached through `process.getBuiltinModule`, not imported, so that the plugin loads
 * in a browser too (its architectures and step run on any backend); there the data is stored in
 * uncompressed deflate blocks, which every PNG reader accepts.
 */

const zlib = globalThis.process?.getBuiltinModule?.('node:zlib');

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes 8-bit pixels, row-major, `channels` per pixel (1 grey, 3 RGB), as a PNG file's bytes.
 *
 * @example
 * ```ts
 * import { encodePng } from '@strata/plugin-gan';
 *
 * const png = encodePng(Uint8Array.of(0, 255, 255, 0), { width: 2, height: 2, channels: 1 });
 * Array.from(png.subarray(1, 4)).map((b) => String.fromCharCode(b)).join(''); // => 'PNG'
 * ```
 */
export function encodePng(
  pixels: Uint8Array,
  size: { readonly width: number; readonly height: number; readonly channels: 1 | 3 },
): Uint8Array {
  const { width, height, channels } = size;
  if (!(channels === 1 || channels === 3)) {
    throw new ConfigError('encodePng({channels})', `must be 1 (grey) or 3 (RGB), got ${channels}`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ConfigError('encodePng', `width and height must be positive integers, got ${width}×${height}`);
  }
  if (pixels.length !== width * height * channels) {
    throw new ConfigError(
      'encodePng(pixels)',
      `${width}×${height}×${channels} needs ${width * height * channels} bytes, got ${pixels.length}`,
    );
  }
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++)
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = channels === 1 ? 0 : 2; // colour type: greyscale or truecolour
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', zlib ? zlib.deflateSync(raw) : storedZlib(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
