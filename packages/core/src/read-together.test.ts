import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { readTogether, recordedValues } from './read-together.js';
import { countDeviceReads } from './testing/count-device-reads.js';

describe('readTogether', () => {
  beforeEach(async () => {
    await tf.setBackend('cpu');
  });

  it('reads float32, int32 and bool tensors exactly, in one read', async () => {
    // Counts past 2^24 (where float32 skips odd integers) and negative ones come back exact.
    const ints = tf.tensor1d([16_777_217, -2_147_483_648, 2_147_483_647, -1, 0], 'int32');
    const floats = tf.tensor2d([
      [0.1, -3.5],
      [Number.POSITIVE_INFINITY, 7],
    ]);
    const flags = tf.tensor1d([true, false, true], 'bool');
    const empty = tf.zeros([0]);
    const before = tf.memory().numTensors;
    const { result, reads } = await countDeviceReads(() => readTogether([ints, floats, flags, empty]));
    const [i, f, b, e] = result;
    expect(reads).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(i!)).toEqual([16_777_217, -2_147_483_648, 2_147_483_647, -1, 0]);
    expect(i).toBeInstanceOf(Int32Array);
    expect(Array.from(f!)).toEqual([Math.fround(0.1), -3.5, Number.POSITIVE_INFINITY, 7]);
    expect(Array.from(b!)).toEqual([1, 0, 1]);
    expect(e!.length).toBe(0);
    expect(recordedValues(ints)).toBe(i);
    tf.dispose([ints, floats, flags, empty]);
  });

  it('forgets a tensor once it is disposed, and knows nothing of tensors it did not read', async () => {
    const t = tf.scalar(3);
    await readTogether([t]);
    expect(recordedValues(t)).toEqual(new Float32Array([3]));
    t.dispose();
    expect(recordedValues(t)).toBeUndefined();
    const other = tf.scalar(1);
    expect(recordedValues(other)).toBeUndefined();
    other.dispose();
  });
});
