import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Augmentation, AugmentBatch } from './types.js';

/** An H × W × C image of distinct values 1, 2, 3, … in row-major NHWC order, as nested rows. */
export function distinct(h: number, w: number, c = 1, start = 1): number[][][] {
  return Array.from({ length: h }, (_, r) =>
    Array.from({ length: w }, (_, q) => Array.from({ length: c }, (_, k) => start + (r * w + q) * c + k)),
  );
}

/** Nested images [N][H][W][C] as a float32 batch. */
export function batchOf(images: number[][][][]): tf.Tensor4D {
  return tf.tensor4d(images);
}

/** Runs an augmentation, returns its images as nested arrays and frees everything it made. */
export function run(aug: Augmentation, batch: AugmentBatch, seed = 0): { x: number[][][][]; y?: number[][] } {
  const out = aug(batch, createRng(seed));
  const x = out.x.arraySync();
  const y = out.y?.arraySync() as number[][] | undefined;
  tf.dispose(out.y === undefined ? [out.x] : [out.x, out.y]);
  return y === undefined ? { x } : { x, y };
}

/** Nested arrays equal within `eps`. */
export function expectNear(got: unknown, want: unknown, eps = 1e-4): void {
  const a = (got as number[]).flat(4) as number[];
  const b = (want as number[]).flat(4) as number[];
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    expect(Math.abs(v - b[i]!), `element ${i}: ${v} vs ${b[i]}`).toBeLessThanOrEqual(eps);
  });
}

/** Bilinear sample of a single-channel image at (x, y) (column, row), zero outside. */
export function bilinear(img: number[][][], x: number, y: number): number {
  const at = (r: number, c: number) => img[r]?.[c]?.[0] ?? 0;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  return (
    at(y0, x0) * (1 - fx) * (1 - fy) +
    at(y0, x0 + 1) * fx * (1 - fy) +
    at(y0 + 1, x0) * (1 - fx) * fy +
    at(y0 + 1, x0 + 1) * fx * fy
  );
}

/** Running the augmentation three times leaves `tf.memory().numTensors` where it was. */
export function expectNoLeak(aug: Augmentation, batch: AugmentBatch): void {
  const once = (seed: number) => {
    const out = aug(batch, createRng(seed));
    tf.dispose(out.y === undefined ? [out.x] : [out.x, out.y]);
  };
  once(0);
  const before = tf.memory().numTensors;
  for (let s = 1; s <= 3; s++) once(s);
  expect(tf.memory().numTensors).toBe(before);
}
