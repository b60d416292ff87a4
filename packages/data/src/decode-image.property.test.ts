import { DataError } from '@strata/core';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';

// Random and malformed image bytes: decodeImage must return a consistent image or throw a DataError
// naming the file, never crash with another error and never hang (each property has the test timeout).
const RUNS = { numRuns: Number(process.env.STRATA_FUZZ_RUNS ?? 1000) };

function validPng(w: number, h: number): Uint8Array {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) & 255;
  return new Uint8Array(PNG.sync.write(png)); // a copy: a Buffer's slice() would share memory
}

function validJpeg(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 53) & 255;
  return new Uint8Array(jpeg.encode({ width: w, height: h, data }, 80).data);
}

const SEEDS = [validPng(4, 3), validPng(9, 9), validJpeg(8, 8), validJpeg(17, 5)];

/** A valid file with bytes flipped, a cut, or a random tail; or random bytes after a signature. */
const malformed = fc.oneof(
  fc
    .record({
      seed: fc.constantFrom(...SEEDS),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    })
    .map(({ seed, flips, cut }) => {
      const bytes = seed.slice();
      for (const [at, mask] of flips) bytes[at % bytes.length]! ^= mask;
      return cut === undefined ? bytes : bytes.slice(0, cut % (bytes.length + 1));
    }),
  fc
    .tuple(
      fc.constantFrom([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], []),
      fc.uint8Array({ maxLength: 300 }),
    )
    .map(([head, tail]) => Uint8Array.from([...head, ...tail])),
);

function check(bytes: Uint8Array, channels: 1 | 3 | 4): void {
  try {
    const image = decodeImage(bytes, 'fuzz/x.img', { channels, maxPixels: 1 << 16 });
    const [h, w, c] = image.shape as [number, number, number];
    expect(c).toBe(channels);
    expect(h * w * c).toBe(image.values.length);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toMatch(/^fuzz\/x\.img: /);
  }
}

describe('decodeImage on random and malformed bytes', () => {
  it('parses or throws a DataError naming the file (PNG and JPEG near the format)', () => {
    fc.assert(
      fc.property(malformed, fc.constantFrom(1 as const, 3 as const, 4 as const), (bytes, channels) => {
        check(bytes, channels);
      }),
      RUNS,
    );
  }, 120_000);

  it('parses or throws a DataError naming the file (arbitrary bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        check(bytes, 3);
      }),
      RUNS,
    );
  }, 60_000);
});
