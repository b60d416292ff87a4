import { ConfigError, ShapeError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import { encodePng } from './encode-png.js';

/** Options of `sampleGrid` and `writeSampleGrid`. */
export interface SampleGridOptions {
  /** Rows of the grid; columns are ⌈images / rows⌉. Default ⌈√images⌉. */
  readonly rows?: number;
  /** The images' value range, mapped to 0…255 (values outside are clipped). Default [0, 1]. */
  readonly range?: readonly [number, number];
  /** Pixels of background between images. Default 1. */
  readonly gap?: number;
}

/** A grid of images as 8-bit pixels, row-major, `channels` per pixel: what a PNG or a canvas takes. */
export interface SampleGrid {
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

/**
 * Lays `[N, H, W, C]` images (C 1 or 3) out as one grid, row by row, `gap` pixels of 0 between them,
 * values mapped from `range` to 0…255. Reads the tensor once; takes no ownership. Runs anywhere (the
 * docs site draws a generator's grid on a canvas with it); `writeSampleGrid` saves one as a PNG.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { sampleGrid } from '@strata/plugin-gan';
 *
 * const grid = sampleGrid(tf.ones([6, 4, 4, 1]), { rows: 2 });
 * [grid.width, grid.height, grid.channels]; // => [14, 9, 1]
 * grid.pixels[0]; // => 255
 * ```
 */
export function sampleGrid(images: tf.Tensor, options: SampleGridOptions = {}): SampleGrid {
  if (images.rank !== 4 || !(images.shape[3] === 1 || images.shape[3] === 3)) {
    throw new ShapeError('sampleGrid(images)', `must be [N, H, W, 1 or 3], got [${images.shape.join(', ')}]`);
  }
  const [n, h, w, c] = images.shape as [number, number, number, 1 | 3];
  const rows = options.rows ?? Math.ceil(Math.sqrt(n));
  const [lo, hi] = options.range ?? [0, 1];
  const gap = options.gap ?? 1;
  if (!Number.isInteger(rows) || rows < 1 || rows > n) {
    throw new ConfigError(
      'sampleGrid({rows})',
      `must be an integer from 1 to ${n} (the images), got ${rows}`,
    );
  }
  if (!(hi > lo))
    throw new ConfigError('sampleGrid({range})', `must be [low, high] with high > low, got [${lo}, ${hi}]`);
  if (!Number.isInteger(gap) || gap < 0)
    throw new ConfigError('sampleGrid({gap})', `must be a non-negative integer, got ${gap}`);
  const cols = Math.ceil(n / rows);
  const width = cols * w + (cols - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const values = images.dataSync();
  const pixels = new Uint8Array(width * height * c);
  for (let i = 0; i < n; i++) {
    const top = Math.floor(i / cols) * (h + gap);
    const left = (i % cols) * (w + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const v = (values[((i * h + y) * w + x) * c + ch]! - lo) / (hi - lo);
          pixels[((top + y) * width + left + x) * c + ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
        }
      }
    }
  }
  return { pixels, width, height, channels: c };
}

/**
 * Writes `[N, H, W, C]` images (C 1 or 3) as one PNG grid, row by row, creating the folder. Reads the
 * tensor once; takes no ownership. Returns the grid's size in pixels.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { writeSampleGrid } from '@strata/plugin-gan';
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'grid-')), 'samples.png');
 * writeSampleGrid(file, tf.ones([6, 4, 4, 1]), { rows: 2 }); // => { width: 14, height: 9 }
 * ```
 */
export function writeSampleGrid(
  pngPath: string,
  images: tf.Tensor,
  options: SampleGridOptions = {},
): { width: number; height: number } {
  const { pixels, width, height, channels } = sampleGrid(images, options);
  // Reached at run time rather than imported, so the plugin loads in a browser (see encode-png.ts).
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  const path = globalThis.process?.getBuiltinModule?.('node:path');
  if (!fs || !path) {
    throw new ConfigError(
      'writeSampleGrid',
      'writes a file, which needs Node; in a browser draw sampleGrid(generateImages(...)) on a canvas',
    );
  }
  fs.mkdirSync(path.dirname(pngPath), { recursive: true });
  fs.writeFileSync(pngPath, encodePng(pixels, { width, height, channels }));
  return { width, height };
}
