import { assertKnownKeys, ConfigError, DataError } from '@strata/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Sample } from './types.js';

/** Options of `decodeImage`. */
export interface DecodeImageOptions {
  /** Channels of the result: 1 (luma), 3 (RGB, the default) or 4 (RGBA). */
  readonly channels?: 1 | 3 | 4;
  /**
   * The most pixels (width × height) an image may declare, checked in its header before any pixel
   * memory is allocated (default 2^25, about 33 MP): a 1 kB file claiming 10^5 × 10^5 pixels is
   * refused, not decoded.
   */
  readonly maxPixels?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DEFAULT_MAX_PIXELS = 2 ** 25;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** A PNG's width and height from its IHDR chunk (the first chunk, right after the signature). */
function pngSize(bytes: Uint8Array): [number, number] | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** RGBA pixels to the requested channel count; luma by ITU-R BT.601 weights as tf.image.rgb_to_grayscale. */
function toChannels(rgba: Uint8Array, pixels: number, channels: 1 | 3 | 4): Uint8Array {
  if (channels === 4) return rgba.length === pixels * 4 ? rgba : rgba.slice(0, pixels * 4);
  const out = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const r = rgba[p * 4] as number;
    const g = rgba[p * 4 + 1] as number;
    const b = rgba[p * 4 + 2] as number;
    if (channels === 1) out[p] = Math.round(0.2989 * r + 0.587 * g + 0.114 * b);
    else {
      out[p * 3] = r;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = b;
    }
  }
  return out;
}

/**
 * Decodes a PNG or JPEG file's bytes (told apart by their signatures, not by the file name) into a
 * `Sample` of uint8 pixels shaped [height, width, channels], row 0 the top. PNG is decoded by `pngjs`,
 * JPEG by `jpeg-js`. Anything else, a damaged file or one declaring more than `maxPixels` pixels
 * throws a DataError that starts with `name` (a file path, so the error says which file).
 *
 * @example
 * ```ts
 * import { decodeImage } from '@strata/data/node';
 * import { PNG } from 'pngjs';
 *
 * const png = new PNG({ width: 2, height: 1 });
 * png.data.set([255, 0, 0, 255, 0, 0, 255, 255]); // a red pixel, then a blue one
 * const image = decodeImage(PNG.sync.write(png), 'two.png');
 * image.shape; // => [1, 2, 3]
 * Array.from(image.values); // => [255, 0, 0, 0, 0, 255]
 * Array.from(decodeImage(PNG.sync.write(png), 'two.png', { channels: 1 }).values); // => [76, 29]
 * ```
 */
export function decodeImage(
  bytes: Uint8Array,
  name: string,
  options: DecodeImageOptions = {},
): Sample<Uint8Array> {
  assertKnownKeys(options, ['channels', 'maxPixels'], 'decodeImage(options)');
  const { channels = 3, maxPixels = DEFAULT_MAX_PIXELS } = options;
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ConfigError('decodeImage({channels})', `must be 1, 3 or 4, got ${JSON.stringify(channels)}`);
  }
  if (!(Number.isInteger(maxPixels) && maxPixels >= 1)) {
    throw new ConfigError('decodeImage({maxPixels})', `must be a positive integer, got ${maxPixels}`);
  }
  const fail = (why: string): never => {
    throw new DataError(name, why);
  };
  let width: number;
  let height: number;
  let rgba: Uint8Array;
  if (startsWith(bytes, PNG_SIGNATURE)) {
    const size = pngSize(bytes);
    if (size === undefined)
      return fail(`not a readable PNG: it ends after ${bytes.length} bytes, inside its header`);
    if (size[0] * size[1] > maxPixels) {
      return fail(
        `PNG declares ${size[0]} × ${size[1]} pixels, more than maxPixels (${maxPixels}); raise maxPixels if the image is genuine`,
      );
    }
    try {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      ({ width, height } = png);
      rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
    } catch (e) {
      return fail(`not a readable PNG (${e instanceof Error ? e.message : String(e)})`);
    }
  } else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    try {
      const decoded = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: maxPixels / 1e6,
        // RGBA output plus the decoder's component planes, with room to spare.
        maxMemoryUsageInMB: Math.max(16, Math.ceil((maxPixels * 12) / 2 ** 20)),
      });
      ({ width, height } = decoded);
      rgba = decoded.data;
    } catch (e) {
      return fail(`not a readable JPEG (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return fail(
      `not a PNG or JPEG file (it starts with ${head === '' ? 'nothing: it is empty' : `bytes ${head}`})`,
    );
  }
  if (!(width > 0 && height > 0) || rgba.length < width * height * 4) {
    return fail(
      `decoded to ${width} × ${height} pixels with ${rgba.length} bytes of data; the file is damaged`,
    );
  }
  return { values: toChannels(rgba, width * height, channels), shape: [height, width, channels] };
}
