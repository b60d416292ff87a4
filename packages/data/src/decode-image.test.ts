import { ConfigError, DataError } from '@strata/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';

const W = 3;
const H = 2;

/** Pixel (r, c) of the reference image: distinct RGBA values, alpha varying too. */
function rgba(r: number, c: number): [number, number, number, number] {
  const i = r * W + c;
  return [10 + 40 * i, 250 - 30 * i, (i * 97) % 256, 100 + i];
}

function pngBytes(): Uint8Array {
  const png = new PNG({ width: W, height: H });
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) png.data.set(rgba(r, c), (r * W + c) * 4);
  return new Uint8Array(PNG.sync.write(png)); // a copy: a Buffer's slice() would share memory
}

describe('decodeImage', () => {
  it('decodes a PNG to [height, width, channels], row 0 the top, pixel for pixel', () => {
    const bytes = pngBytes();
    const rgb = decodeImage(bytes, 'a.png');
    expect(rgb.shape).toEqual([H, W, 3]);
    const want3: number[] = [];
    const want4: number[] = [];
    const want1: number[] = [];
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++) {
        const [R, G, B, A] = rgba(r, c);
        want3.push(R, G, B);
        want4.push(R, G, B, A);
        want1.push(Math.round(0.2989 * R + 0.587 * G + 0.114 * B));
      }
    expect(Array.from(rgb.values)).toEqual(want3);
    expect(Array.from(decodeImage(bytes, 'a.png', { channels: 4 }).values)).toEqual(want4);
    const gray = decodeImage(bytes, 'a.png', { channels: 1 });
    expect(gray.shape).toEqual([H, W, 1]);
    expect(Array.from(gray.values)).toEqual(want1);
  });

  it('decodes a JPEG (lossy: a flat image of one colour comes back within a few levels)', () => {
    const w = 16;
    const h = 8;
    const data = new Uint8Array(w * h * 4);
    for (let p = 0; p < w * h; p++) data.set([200, 40, 90, 255], p * 4);
    const bytes = jpeg.encode({ width: w, height: h, data }, 95).data;
    const image = decodeImage(bytes, 'a.jpg');
    expect(image.shape).toEqual([h, w, 3]);
    for (let p = 0; p < w * h; p++) {
      expect(Math.abs((image.values[p * 3] as number) - 200)).toBeLessThanOrEqual(4);
      expect(Math.abs((image.values[p * 3 + 1] as number) - 40)).toBeLessThanOrEqual(4);
      expect(Math.abs((image.values[p * 3 + 2] as number) - 90)).toBeLessThanOrEqual(4);
    }
  });

  it('tells formats by signature, not name, and names the file in every error', () => {
    expect(decodeImage(pngBytes(), 'looks-like.jpg').shape).toEqual([H, W, 3]);
    expect(() => decodeImage(new TextEncoder().encode('hello'), 'dir/notes.png')).toThrow(
      /^dir\/notes\.png: not a PNG or JPEG file \(it starts with bytes 68 65 6c 6c\)/,
    );
    expect(() => decodeImage(new Uint8Array(0), 'empty.png')).toThrow(/^empty\.png: .*empty/);
    const truncated = pngBytes().slice(0, 40);
    expect(() => decodeImage(truncated, 'cut.png')).toThrow(DataError);
    expect(() => decodeImage(truncated, 'cut.png')).toThrow(/^cut\.png: not a readable PNG/);
    expect(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]), 'x.jpg')).toThrow(
      /^x\.jpg: not a readable JPEG/,
    );
  });

  it('refuses an image whose header declares more than maxPixels before decoding it', () => {
    const bytes = pngBytes();
    // IHDR width and height sit at bytes 16–23; claim 100,000 × 100,000.
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(16, 100_000);
    new DataView(huge.buffer).setUint32(20, 100_000);
    expect(() => decodeImage(huge, 'bomb.png')).toThrow(
      /^bomb\.png: PNG declares 100000 × 100000 pixels, more than maxPixels/,
    );
    expect(() => decodeImage(bytes, 'a.png', { maxPixels: 5 })).toThrow(
      /declares 3 × 2 pixels, more than maxPixels \(5\)/,
    );
    expect(decodeImage(bytes, 'a.png', { maxPixels: 6 }).shape).toEqual([H, W, 3]);
  });

  it('checks its options', () => {
    expect(() => decodeImage(pngBytes(), 'a.png', { channels: 2 as 3 })).toThrow(ConfigError);
    expect(() => decodeImage(pngBytes(), 'a.png', { maxPixels: 0 })).toThrow(/maxPixels/);
    expect(() => decodeImage(pngBytes(), 'a.png', { size: 3 } as never)).toThrow(/size/);
  });
});
