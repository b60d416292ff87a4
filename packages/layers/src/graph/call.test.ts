import { ConfigError, createRng, flattenTree, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { add } from '../add.js';
import { concatenate } from '../concatenate.js';
import { conv2d } from '../conv2d.js';
import { dense } from '../dense.js';
import { call } from './call.js';
import { input } from './input.js';
import { model } from './model.js';

describe('call', () => {
  it('infers shapes where the graph is written, and they equal the real outputs (a residual conv block)', () => {
    const x = input([null, 6, 6, 2]);
    const h = call(conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
    const y = call(add(), [x, h]);
    const z = call(concatenate(), [y, x]);
    expect(h.shape).toEqual([null, 6, 6, 2]);
    expect(z.shape).toEqual([null, 6, 6, 4]);
    const net = model({ inputs: x, outputs: z });
    const { params } = net.init(createRng(0), [null, 6, 6, 2]);
    const xs = randomNormal(createRng(1), [3, 6, 6, 2]);
    const out = net.apply(params, xs, { training: false, state: {} }).y;
    expect(out.shape).toEqual([3, 6, 6, 4]);
    // The last two channels are the input itself; the first two are x + relu(conv(x)) ≥ x.
    const o = out.arraySync() as number[][][][];
    const xi = xs.arraySync() as number[][][][];
    expect(o[2]![3]![4]![3]).toBe(xi[2]![3]![4]![1]);
    expect(o[1]![0]![5]![0]).toBeGreaterThanOrEqual(xi[1]![0]![5]![0]! - 1e-6);
    tf.dispose([xs, out, ...Object.values(flattenTree(params))]);
  });

  it('reports a mismatch when the call is written, naming the layer and the shapes', () => {
    const a = input([null, 3]);
    const b = input([null, 4]);
    expect(() => call(add(), [a, b])).toThrow(ShapeError);
    expect(() => call(dense({ units: 2 }), input([null]))).toThrow(/dense 'dense'/);
  });

  it('refuses what is not a layer or not a symbolic tensor, and several inputs to a one-input layer', () => {
    const a = input([null, 3]);
    expect(() => call({} as never, a)).toThrow(ConfigError);
    expect(() => call(dense({ units: 2 }), tf.zeros([1]) as never)).toThrow(/not a symbolic tensor/);
    expect(() => call(dense({ units: 2 }), [a, a])).toThrow(/takes one; merge them first/);
    expect(() => call(add(), [])).toThrow(/at least one input/);
  });

  it('makes no tensors that outlive it', () => {
    const before = tf.memory().numTensors;
    call(dense({ units: 64 }), input([null, 128]));
    expect(tf.memory().numTensors).toBe(before);
  });
});
