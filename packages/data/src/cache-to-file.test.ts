import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DataError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheToFile } from './cache-to-file.js';
import { fromArray } from './from-array.js';

describe('cacheToFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-cache-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Elements of every storable kind; `reads` counts how often upstream produced one. */
  function source() {
    const state = { reads: 0 };
    const ds = fromArray([0, 1, 2, 3]).map((i) => {
      state.reads++;
      return {
        f32: new Float32Array([i + 0.25, -i]),
        f64: new Float64Array([Math.PI * i]),
        i16: new Int16Array([-300 * i]),
        u8: new Uint8Array([255 - i, i]),
        sample: { values: new Int32Array([i, i * 7]), shape: [2] },
        label: `row ${i}`,
        odd: i % 2 === 1,
        nothing: null,
        special: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5],
      };
    });
    return { ds, state };
  }

  it('replays the first complete pass from the file, equal element for element, types kept', async () => {
    const path = join(dir, 'c.cache');
    const { ds, state } = source();
    const expected = await ds.toArray();
    state.reads = 0;
    const cached = cacheToFile(ds, path);
    expect(cached.size).toBe(4);
    expect(existsSync(path)).toBe(false);
    const first = await cached.toArray();
    expect(existsSync(path)).toBe(true);
    expect(state.reads).toBe(4);
    const second = await cached.toArray();
    expect(state.reads).toBe(4);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(second[3]!.f32).toBeInstanceOf(Float32Array);
    expect(second[3]!.sample.values).toBeInstanceOf(Int32Array);
    expect(Object.is(second[0]!.special[0], Number.NaN)).toBe(true);
    // A new process (a new cacheToFile over an upstream that is never read) finds the file.
    const other = source();
    expect(await cacheToFile(other.ds, path).toArray()).toEqual(expected);
    expect(other.state.reads).toBe(0);
  });

  it('a pass stopped early leaves no file and no partial file; the next pass reads upstream', async () => {
    const path = join(dir, 'c.cache');
    const { ds, state } = source();
    const cached = cacheToFile(ds, path);
    for await (const _ of cached.take(2)) {
      // only two
    }
    expect(readdirSync(dir)).toEqual([]);
    state.reads = 0;
    await cached.toArray();
    expect(state.reads).toBe(4);
    expect(readdirSync(dir)).toEqual(['c.cache']);
  });

  it('refuses elements holding tensors before batch, a reserved key, and damaged files, with labels', async () => {
    const before = tf.memory().numTensors;
    const tensors = fromArray([1, 2]).map((v) => ({ x: tf.scalar(v) }));
    await expect(cacheToFile(tensors, join(dir, 't.cache')).toArray()).rejects.toThrow(
      /cacheToFile\(.*t\.cache\): elements hold tensors.*cache before batch\(\)/,
    );
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      cacheToFile(fromArray([{ $strataCache: 1 }]), join(dir, 'r.cache')).toArray(),
    ).rejects.toThrow(/reserves/);
    const damaged = join(dir, 'd.cache');
    writeFileSync(damaged, '{"x": 1}\n{"x": \n');
    await expect(cacheToFile(fromArray([{ x: 1 }]), damaged).toArray()).rejects.toThrow(DataError);
    await expect(cacheToFile(fromArray([{ x: 1 }]), damaged).toArray()).rejects.toThrow(
      /line 2 is damaged .*delete the file to rebuild the cache/,
    );
    expect(() => cacheToFile(fromArray([1]).repeat(), join(dir, 'i.cache'))).toThrow(ConfigError);
    expect(() => cacheToFile(fromArray([1]), '')).toThrow(/expects a file path/);
  });
});
