// The MNIST subset the site ships (scripts/build.mjs writes mnist/train.bin and mnist/test.bin): each
// file holds every image's 784 pixels, then one label byte per image. The examples read it from here.
import * as tf from '@tensorflow/tfjs-core';

export interface Subset {
  /** 784 bytes an image, row-major. */
  readonly x: Uint8Array;
  /** One label an image. */
  readonly y: Uint8Array;
  readonly n: number;
}

export async function loadSubset(url: string): Promise<Subset> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const n = bytes.length / 785;
  return { x: bytes.subarray(0, n * 784), y: bytes.subarray(n * 784), n };
}

/** The images at `rows` as [rows, 28, 28, 1] in [0, 1], and their labels less `offset` (int32). */
export function batchOf(d: Subset, rows: readonly number[], offset = 0): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const px = new Float32Array(rows.length * 784);
  const labels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    for (let k = 0; k < 784; k++) px[i * 784 + k] = d.x[r * 784 + k]! / 255;
    labels[i] = d.y[r]! - offset;
  });
  return { x: tf.tensor4d(px, [rows.length, 28, 28, 1]), y: tf.tensor1d(labels, 'int32') };
}
