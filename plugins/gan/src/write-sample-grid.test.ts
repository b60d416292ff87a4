import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from './png.test-util.js';
import { writeSampleGrid } from './write-sample-grid.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSampleGrid', () => {
  it('places image i at row ⌊i/cols⌋, column i mod cols, with gaps, values mapped from the range to 0…255', () => {
    // Five 2×3 images in 2 rows (3 columns), image i filled with the value i/4 in [0, 1], except one
    // pixel of image 1 at -1, clipped to 0.
    const values = Array.from({ length: 5 * 2 * 3 }, (_, j) => Math.floor(j / 6) / 4);
    values[6 + 4] = -1;
    const images = tf.tensor4d(values, [5, 2, 3, 1]);
    const before = tf.memory().numTensors;
    const file = join(dir, 'sub', 'grid.png');
    const size = writeSampleGrid(file, images, { rows: 2, gap: 1 });
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    const png = decodePng(readFileSync(file));
    // 3 columns of 3 pixels and 2 gaps; 2 rows of 2 pixels and 1 gap.
    expect(size).toEqual({ width: 11, height: 5 });
    expect([png.width, png.height]).toEqual([11, 5]);
    const expected = new Uint8Array(11 * 5);
    for (let i = 0; i < 5; i++) {
      const top = Math.floor(i / 3) * 3;
      const left = (i % 3) * 4;
      for (let y = 0; y < 2; y++)
        for (let x = 0; x < 3; x++) expected[(top + y) * 11 + left + x] = Math.round((255 * i) / 4);
    }
    // Image 1's pixel (row 1, column 1) of value -1 clips to 0.
    expected[(0 + 1) * 11 + 4 + 1] = 0;
    expect(Array.from(png.pixels)).toEqual(Array.from(expected));
  });

  it('maps a tanh range [-1, 1] and refuses a rank-3 tensor naming the shape', () => {
    const file = join(dir, 'tanh.png');
    const images = tf.tensor4d([-1, 0, 1, 0.5], [1, 2, 2, 1]);
    writeSampleGrid(file, images, { range: [-1, 1], gap: 0 });
    expect(Array.from(decodePng(readFileSync(file)).pixels)).toEqual([0, 128, 255, 191]);
    images.dispose();
    const flat = tf.zeros([2, 2, 2]);
    expect(() => writeSampleGrid(file, flat)).toThrow(/\[N, H, W, 1 or 3\], got \[2, 2, 2\]/);
    flat.dispose();
  });
});
