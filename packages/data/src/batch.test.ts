import { ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('dataset.batch', () => {
  it('groups consecutive elements; the remainder is a smaller batch or dropped', async () => {
    const ds = fromArray(range(10)).map((i) => ({ x: new Float32Array([i, -i]), y: i }));
    const shapes: number[][] = [];
    const ys: number[][] = [];
    for await (const b of ds.batch(4)) {
      shapes.push(b.x.shape);
      ys.push(Array.from(b.y.dataSync()));
      expect(Array.from(b.x.dataSync())).toEqual(ys.at(-1)!.flatMap((i) => [i, -i]));
      tf.dispose(b);
    }
    expect(shapes).toEqual([
      [4, 2],
      [4, 2],
      [2, 2],
    ]);
    expect(ys).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(ds.batch(4).size).toBe(3);
    const dropped = await ds.batch(4, { dropRemainder: true }).toArray();
    expect(dropped.map((b) => b.y.shape[0])).toEqual([4, 4]);
    expect(ds.batch(4, { dropRemainder: true }).size).toBe(2);
    tf.dispose(dropped);
    expect(fromGenerator(() => range(3)).batch(2).size).toBeUndefined();
  });

  it('uses declared dtypes (withDtypes, then the batch option)', async () => {
    const ds = fromArray(range(6)).map((i) => ({
      img: { values: new Float32Array(4).fill(i), shape: [2, 2, 1] },
      y: i % 3,
    }));
    const [plain] = await ds.batch(6).toArray();
    expect(plain!.y.dtype).toBe('float32');
    const [labelled] = await ds.withDtypes({ y: 'int32' }).batch(6).toArray();
    expect(labelled!.img.shape).toEqual([6, 2, 2, 1]);
    expect(labelled!.y.dtype).toBe('int32');
    expect(Array.from(labelled!.y.dataSync())).toEqual([0, 1, 2, 0, 1, 2]);
    const [overridden] = await ds
      .withDtypes({ y: 'int32' })
      .batch(6, { dtypes: { y: 'float32' } })
      .toArray();
    expect(overridden!.y.dtype).toBe('float32');
    tf.dispose([plain!, labelled!, overridden!]);
  });

  it('leaves no tensors behind once the consumer disposes its batches, epoch after epoch', async () => {
    const ds = fromArray(range(50))
      .map((i) => ({ x: new Float32Array(8).fill(i), y: i }))
      .shuffle('all', { seed: 3 })
      .batch(16);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      for await (const b of ds) tf.dispose(b);
      counts.push(tf.memory().numTensors);
    }
    expect(counts).toEqual([before, before, before]);
    // A pass stopped early hands over only what it yielded.
    for await (const b of ds) {
      tf.dispose(b);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a bad size or option', () => {
    const ds = fromArray([1]);
    expect(() => ds.batch(0)).toThrow(ConfigError);
    expect(() => ds.batch(0)).toThrow('dataset.batch(size): must be a positive integer, got 0');
    expect(() => ds.batch(2, { drop: true } as never)).toThrow(/unknown option 'drop'/);
  });
});
