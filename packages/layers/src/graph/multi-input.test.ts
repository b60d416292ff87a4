import { ConfigError, createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dense } from '../dense.js';
import { isMultiInput, multiInputLayer } from './multi-input.js';

const pair = multiInputLayer({
  name: 'pair',
  kind: 'Pair',
  inputCount: { min: 2, max: 3 },
  initMany: (_rng, shapes) => ({ params: {}, state: {}, outputShape: shapes[0]! }),
  applyMany: (_params, xs) => ({ y: tf.addN([...xs]), state: {} }),
});

describe('multiInputLayer', () => {
  it('is recognised as a several-input layer; a plain layer is not', () => {
    expect(isMultiInput(pair)).toBe(true);
    expect(isMultiInput(dense({ units: 1 }))).toBe(false);
  });
  it('checks the input count, naming the layer', () => {
    expect(() => pair.initMany(createRng(0), [[null, 2]])).toThrow(/Pair 'pair'.*takes 2 to 3 inputs, got 1/);
    const x = tf.ones([1, 2]);
    expect(() => pair.applyMany({}, [x, x, x, x], { training: false, state: {} })).toThrow(ConfigError);
    x.dispose();
  });
  it('refuses the single-input init and apply with a pointer to call()', () => {
    expect(() => pair.init(createRng(0), [null, 2])).toThrow(/call\(layer, \[a, b\]\)/);
  });
  it('adds its inputs and frees what it made', () => {
    const a = tf.tensor2d([[1, 2]]);
    const before = tf.memory().numTensors;
    const { y } = pair.applyMany({}, [a, a, a], { training: false, state: {} });
    expect(Array.from(y.dataSync())).toEqual([3, 6]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
