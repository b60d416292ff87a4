import { closeSync, createReadStream, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError, DataError, disposeTree } from '@strata/core';
import { Dataset } from './dataset.js';
import { holdsTensor } from './holds-tensor.js';

// One JSON document per line. JSON has no typed arrays and no NaN or ±Infinity, so those are written
// as tagged objects; the tag key is reserved in cached elements.
const TAG = '$strataCache';
const TYPED = {
  Float32Array,
  Float64Array,
  Int32Array,
  Int16Array,
  Int8Array,
  Uint16Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
const FLUSH_BYTES = 1 << 20;

function encode(value: unknown, label: string): unknown {
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : { [TAG]: 'number', value: String(value) };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new DataError(label, `cannot store a ${name} in the cache file`);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { [TAG]: name, base64: Buffer.from(bytes).toString('base64') };
  }
  if (Array.isArray(value)) return value.map((v) => encode(v, label));
  if (typeof value === 'object') {
    if (TAG in value)
      throw new DataError(label, `an element has the key '${TAG}', which the cache file reserves`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, label)]));
  }
  throw new DataError(
    label,
    `cannot store a ${typeof value} in the cache file; elements hold numbers, strings, booleans, null, typed arrays, arrays and plain objects`,
  );
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  const tag = record[TAG];
  if (tag === 'number') return Number(record.value);
  if (typeof tag === 'string' && tag in TYPED) {
    const bytes = Buffer.from(record.base64 as string, 'base64');
    const Ctor = TYPED[tag as TypedName];
    // Copied into a fresh, aligned buffer: Buffer's pool offsets need not be multiples of the element size.
    const aligned = new Uint8Array(bytes.byteLength);
    aligned.set(bytes);
    return new Ctor(aligned.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
}

/**
 * `dataset` cached in a file (as `tf.data`'s `cache(filename)`): the first complete pass stores each
 * element at `path`, one JSON line each (typed arrays in base64); later passes, and later processes,
 * read the file instead of `dataset`, streaming it, so the cache may be larger than memory. The file
 * appears only when a pass ends: a pass stopped early (or a crash) leaves no cache behind, so the next
 * pass reads `dataset` again. Delete the file to refill it. Elements must not hold tensors (put this
 * before `batch`).
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fromArray } from '@strata/data';
 * import { cacheToFile } from '@strata/data/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
 * let decoded = 0;
 * const slow = fromArray([1, 2, 3]).map((v) => {
 *   decoded++;
 *   return { x: new Float32Array([v, v / 2]), y: v };
 * });
 * const cached = cacheToFile(slow, join(dir, 'train.cache'));
 * (await cached.toArray()).map((e) => Array.from(e.x)); // => [[1, 0.5], [2, 1], [3, 1.5]]
 * (await cached.toArray()).map((e) => e.y); // => [1, 2, 3]
 * decoded; // => 3
 * rmSync(dir, { recursive: true });
 * ```
 */
export function cacheToFile<T>(dataset: Dataset<T>, path: string): Dataset<T> {
  const label = `cacheToFile(${path})`;
  if (!(dataset instanceof Dataset)) throw new ConfigError(label, 'expects a Dataset from @strata/data');
  if (typeof path !== 'string' || path === '') throw new ConfigError(label, 'expects a file path');
  const up = dataset.source;
  if (up.size === Number.POSITIVE_INFINITY) {
    throw new ConfigError(label, 'the dataset is infinite; cache before repeat()');
  }
  return new Dataset<T>({
    size: up.size,
    dtypes: up.dtypes,
    async *open(key) {
      if (existsSync(path)) {
        const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
        let line = 0;
        try {
          for await (const text of lines) {
            line++;
            if (text === '') continue;
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch (e) {
              throw new DataError(
                label,
                `line ${line} is damaged (${(e as Error).message}); delete the file to rebuild the cache`,
              );
            }
            yield decode(parsed) as T;
          }
        } finally {
          lines.close();
        }
        return;
      }
      // Written beside the target and renamed when the pass completes, so a reader never sees half a cache.
      const partial = `${path}.partial-${process.pid}-${Date.now()}`;
      let fd: number | undefined = openSync(partial, 'w');
      let pending = '';
      const flush = () => {
        if (pending !== '' && fd !== undefined) writeSync(fd, pending);
        pending = '';
      };
      try {
        for await (const x of up.open(key)) {
          if (holdsTensor(x)) {
            disposeTree(x);
            throw new DataError(
              label,
              'elements hold tensors, which each consumer disposes, so they cannot be cached; cache before batch()',
            );
          }
          pending += `${JSON.stringify(encode(x, label))}\n`;
          if (pending.length >= FLUSH_BYTES) flush();
          yield x;
        }
        flush();
        closeSync(fd);
        fd = undefined;
        renameSync(partial, path);
      } finally {
        if (fd !== undefined) {
          closeSync(fd);
          rmSync(partial, { force: true });
        }
      }
    },
  });
}
