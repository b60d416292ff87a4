import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, formatShape } from '@strata/core';
import type { MnistArrays, MnistPart } from '@strata/data';
import { readIdxFile } from '@strata/data/node';

/** The four file names MNIST and Fashion-MNIST share (each may end in `.gz`). */
const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** The first of `name`, `name.gz` in `directory`, or undefined. */
async function locate(directory: string, name: string): Promise<string | undefined> {
  for (const candidate of [join(directory, name), join(directory, `${name}.gz`)]) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

/** True when `directory` holds the four IDX files. */
export async function hasIdxFiles(directory: string): Promise<boolean> {
  const found = await Promise.all(Object.values(FILES).map((f) => locate(directory, f)));
  return found.every((f) => f !== undefined);
}

async function readPart(
  directory: string,
  images: string,
  labels: string,
  label: string,
): Promise<MnistPart> {
  const [xPath, yPath] = await Promise.all([locate(directory, images), locate(directory, labels)]);
  if (xPath === undefined || yPath === undefined) {
    throw new DataError(label, `missing ${join(directory, xPath === undefined ? images : labels)} (or .gz)`);
  }
  const [x, y] = await Promise.all([readIdxFile(xPath), readIdxFile(yPath)]);
  if (x.dtype !== 'uint8' || x.shape.length !== 3 || x.shape[1] !== 28 || x.shape[2] !== 28) {
    throw new DataError(
      label,
      `${images}: expected uint8 images of shape [n, 28, 28], got ${x.dtype} ${formatShape(x.shape)}`,
    );
  }
  if (y.dtype !== 'uint8' || y.shape.length !== 1 || y.shape[0] !== x.shape[0]) {
    throw new DataError(
      label,
      `${labels}: expected ${x.shape[0]} uint8 labels, got ${y.dtype} ${formatShape(y.shape)}`,
    );
  }
  return { images: x.data, labels: y.data, count: y.shape[0]! };
}

/** The official train/test parts from a folder of the four (optionally gzipped) IDX files. */
export async function readIdxFolder(directory: string, label: string): Promise<MnistArrays> {
  const [train, test] = await Promise.all([
    readPart(directory, FILES.trainImages, FILES.trainLabels, label),
    readPart(directory, FILES.testImages, FILES.testLabels, label),
  ]);
  return { train, test };
}
