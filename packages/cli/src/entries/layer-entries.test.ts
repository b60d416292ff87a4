import { createRegistry, createRng, type Layer } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { strataPlugin } from './strata-plugin.js';

const registry = createRegistry().use(strataPlugin());

describe('layer entries', () => {
  it('builds a stack from layer ids whose output shape matches its inference', () => {
    const model = registry.create('strata/sequential', {
      layers: [
        { id: 'strata/conv2d', options: { filters: 4, kernelSize: 3 } },
        { id: 'strata/max-pool2d', options: { poolSize: 2 } },
        { id: 'strata/flatten' },
        { id: 'strata/dense', options: { units: 3 } },
        { id: 'strata/activation', options: { fn: 'softmax' } },
      ],
    }) as Layer;
    const { params, outputShape } = model.init(createRng(0), [null, 8, 8, 1]);
    const { y } = model.apply(params, tf.ones([2, 8, 8, 1]), { training: false, state: {} });
    expect(outputShape).toEqual([null, 3]);
    expect(y.shape).toEqual([2, 3]);
    // 8 → conv 3×3 VALID → 6 → pool 2 → 3; 3·3·4 = 36 features → 3 units.
    expect(params).toHaveProperty(['dense', 'kernel']);
    expect(Array.from(tf.sum(y, 1).dataSync()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([1, 1]);
    tf.dispose([y, ...Object.values(params).flatMap((p) => Object.values(p as object))]);
  });

  it('names an unknown layer id and lists the known ones', () => {
    expect(() => registry.create('strata/sequential', { layers: [{ id: 'strata/nope' }] })).toThrow(
      /layers\[0\]\.id.*unknown layer "strata\/nope".*strata\/dense/,
    );
  });

  it('registers every layer under strata/<name>', () => {
    const layer = registry.create('strata/dense', { units: 2 }) as Layer;
    expect(layer.init(createRng(0), [null, 5]).outputShape).toEqual([null, 2]);
    const mha = registry.create('strata/multi-head-attention', { numHeads: 2, keyDim: 4 }) as Layer;
    expect(mha.init(createRng(0), [null, 3, 6]).outputShape).toEqual([null, 3, 6]);
  });
});
