import { createRng, disposeTree, type Rng, randomInt } from '@strata/core';
import { deriveSeed } from './derive-seed.js';
import type { DatasetSource } from './types.js';

/*
 * The buffer algorithm of tf.data's `shuffle` (tensorflow/core/kernels/data/shuffle_dataset_op.cc): fill
 * a buffer of `bufferSize` elements; for each new element, emit a uniformly chosen buffered one and put
 * the new one in its place; at the end, emit the rest in uniformly random order. With a buffer at least as
 * large as the data set this is a uniform permutation (selection without replacement).
 */

/** The order in which the buffer algorithm emits 0..n-1. Same draws as the element path. */
export function shuffledOrder(n: number, bufferSize: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  const buffer = new Int32Array(Math.min(n, bufferSize));
  let filled = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (filled < bufferSize) {
      buffer[filled++] = i;
      continue;
    }
    const j = randomInt(rng, filled);
    out[o++] = buffer[j]!;
    buffer[j] = i;
  }
  while (filled > 0) {
    const j = randomInt(rng, filled);
    out[o++] = buffer[j]!;
    buffer[j] = buffer[--filled]!;
  }
  return out;
}

async function* shuffleElements<T>(up: AsyncIterable<T>, bufferSize: number, rng: Rng): AsyncGenerator<T> {
  const buffer: T[] = [];
  try {
    for await (const x of up) {
      if (buffer.length < bufferSize) {
        buffer.push(x);
        continue;
      }
      const j = randomInt(rng, buffer.length);
      const out = buffer[j]!;
      buffer[j] = x;
      yield out;
    }
    while (buffer.length > 0) {
      const j = randomInt(rng, buffer.length);
      const out = buffer[j]!;
      buffer[j] = buffer[buffer.length - 1]!;
      buffer.pop();
      yield out;
    }
  } finally {
    // A pass that stops early leaves buffered elements nobody will receive.
    for (const x of buffer) disposeTree(x);
  }
}

/**
 * Pass `key` draws from `createRng(deriveSeed(seed, key))`, so every epoch has its own order and each is
 * reproducible. With random access upstream, indices are shuffled instead of elements (same order, no
 * element buffer).
 */
export function shuffleSource<T>(
  up: DatasetSource<T>,
  bufferSize: number,
  seed: number,
  reshuffleEachIteration: boolean,
): DatasetSource<T> {
  return {
    size: up.size,
    dtypes: up.dtypes,
    open(key) {
      const rng = createRng(deriveSeed(seed, reshuffleEachIteration ? key : [0]));
      const get = up.get;
      const n = up.size;
      if (get !== undefined && n !== undefined && Number.isFinite(n)) {
        return (async function* () {
          for (const i of shuffledOrder(n, bufferSize, rng)) yield await get(i);
        })();
      }
      return shuffleElements(up.open(key), bufferSize, rng);
    },
  };
}
