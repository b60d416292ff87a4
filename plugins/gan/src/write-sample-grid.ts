import { ConfigError, ShapeError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import { encodePng } from './encode-png.js';

/** Options of `writeSampleGrid`. */
export interface SampleGridOptions {
  /** Rows of the grid; columns are ⌈images / rows⌉. Default ⌈√images⌉. */
  readonly rows?: number;
  /** The images' value range, mapped to 0…255 (values outside are clipped). Default [0, 1]. */
  readonly range?: readonly [number, number];
  /** Pixels of background between images. Default 1. */
  readonly gap?: number;
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
  if (images.rank !== 4 || !(images.shape[3] === 1 || images.shape[3] === 3)) {
    throw new ShapeError(
      'writeSampleGrid(images)',
      `must be [N, H, W, 1 or 3], got [${images.shape.join(', ')}]`,
    );
  }
  const [n, h, w, c] = images.shape as [number, number, number, 1 | 3];
  const rows = options.rows ?? Math.ceil(Math.sqrt(n));
  const [lo, hi] = options.range ?? [0, 1];
  const gap = options.gap ?? 1;
  if (!Number.isInteger(rows) || rows < 1 || rows > n) {
    throw new ConfigError(
      'writeSampleGrid({rows})',
      `must be an integer from 1 to ${n} (the images), got ${rows}`,
    );
  }
  if (!(hi > lo))
    throw new ConfigError(
      'writeSampleGrid({range})',
      `must be [low, high] with high > low, got [${lo}, ${hi}]`,
    );
  if (!Number.isInteger(gap) || gap < 0)
    throw new ConfigError('writeSampleGrid({gap})', `must be a non-negative integer, got ${gap}`);
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
  // Reached at run time rather than imported, so the plugin loads in a browser (see encode-png.ts).
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  const path = globalThis.process?.getBuiltinModule?.('node:path');
  if (!fs || !path) {
    throw new ConfigError(
      'writeSampleGrid',
      'writes a file, which needs Node; in a browser draw generateImages(...) on a canvas, or encodePng the pixels',
    );
  }
  fs.mkdirSync(path.dirname(pngPath), { recursive: true });
  fs.writeFileSync(pngPath, encodePng(pixels, { width, height, channels: c }));
  return { width, height };
}
