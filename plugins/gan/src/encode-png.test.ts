import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { encodePng } from './encode-png.js';
import { decodePng } from './png.test-util.js';

describe('encodePng', () => {
  it('writes grey and RGB pixels that decode (signature, CRCs, IHDR, inflated rows) to the same bytes', () => {
    const grey = Uint8Array.from({ length: 5 * 3 }, (_, i) => (i * 37) % 256);
    const g = decodePng(encodePng(grey, { width: 5, height: 3, channels: 1 }));
    expect([g.width, g.height, g.channels]).toEqual([5, 3, 1]);
    expect(Array.from(g.pixels)).toEqual(Array.from(grey));
    const rgb = Uint8Array.from({ length: 2 * 4 * 3 }, (_, i) => 255 - i);
    const c = decodePng(encodePng(rgb, { width: 2, height: 4, channels: 3 }));
    expect([c.width, c.height, c.channels]).toEqual([2, 4, 3]);
    expect(Array.from(c.pixels)).toEqual(Array.from(rgb));
  });

  it('refuses a pixel count that does not fit the size, and other channel counts', () => {
    expect(() => encodePng(new Uint8Array(5), { width: 2, height: 2, channels: 1 })).toThrow(ConfigError);
    expect(() => encodePng(new Uint8Array(8), { width: 2, height: 2, channels: 2 as 1 })).toThrow(
      /1 \(grey\) or 3/,
    );
  });
});
