import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeOnWasm } from './wasm-suite.test-util.js';

describeOnWasm('Identity and same-dtype Cast on wasm (shared data)', () => {
  it('returns equal values without a copy; either tensor can be disposed first', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.tensor1d([1.5, -2, 3]);
    const ids = backend.numDataIds();
    const y = tf.clone(x);
    const z = tf.cast(x, 'float32');
    expect(backend.numDataIds()).toBe(ids); // shared, not copied
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3]);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1.5, -2, 3]);
    z.dispose();
    expect(backend.numDataIds()).toBe(ids - 1); // the last holder freed the buffer
  });

  it('still converts between dtypes and clones strings', () => {
    const x = tf.tensor1d([1.7, -2.2, 0]);
    const i = tf.cast(x, 'int32');
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([1, -2, 0]);
    const s = tf.tensor1d(['a', 'bc'], 'string');
    const sc = tf.clone(s);
    expect(sc.dataSync()).toEqual(['a', 'bc']);
    sc.dispose();
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.clone(tf.cast(x, 'float32'));
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, i, s]);
  });
});
