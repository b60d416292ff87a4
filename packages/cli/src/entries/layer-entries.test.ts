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

  it('builds a graph from layer ids: strata/graph', () => {
    const net = registry.create('strata/graph', {
      inputs: [{ name: 'x', shape: [null, 5, 4] }],
      layers: [
        {
          name: 'attend',
          id: 'strata/multi-head-attention',
          options: { numHeads: 2, keyDim: 2 },
          inputs: ['x'],
        },
        { name: 'sum', id: 'strata/add', inputs: ['x', 'attend'] },
      ],
      outputs: ['sum'],
    }) as Layer;
    const { params, outputShape } = net.init(createRng(0), [null, 5, 4]);
    expect(outputShape).toEqual([null, 5, 4]);
    expect(Object.keys(params)).toEqual(['attend']);
    tf.dispose(
      Object.values(params).flatMap((p) => Object.values(p as object).flatMap((q) => Object.values(q))),
    );
    expect(() =>
      registry.create('strata/graph', {
        inputs: [],
        layers: [{ name: 'a', id: 'strata/nope', inputs: ['x'] }],
        outputs: [],
      }),
    ).toThrow(/reads 'x'/);
  });

  it('registers the shape, convolution, pooling, noise and merge layers', () => {
    const kinds: [string, unknown, string][] = [
      ['strata/conv1d', { filters: 2, kernelSize: 3 }, 'Conv1D'],
      ['strata/conv2d-transpose', { filters: 2, kernelSize: 3 }, 'Conv2DTranspose'],
      ['strata/depthwise-conv2d', { kernelSize: 3 }, 'DepthwiseConv2D'],
      ['strata/separable-conv2d', { filters: 2, kernelSize: 3 }, 'SeparableConv2D'],
      ['strata/max-pool1d', {}, 'MaxPooling1D'],
      ['strata/avg-pool1d', {}, 'AveragePooling1D'],
      ['strata/global-avg-pool1d', {}, 'GlobalAveragePooling1D'],
      ['strata/global-max-pool1d', {}, 'GlobalMaxPooling1D'],
      ['strata/global-avg-pool2d', {}, 'GlobalAveragePooling2D'],
      ['strata/global-max-pool2d', {}, 'GlobalMaxPooling2D'],
      ['strata/up-sampling2d', {}, 'UpSampling2D'],
      ['strata/zero-padding2d', {}, 'ZeroPadding2D'],
      ['strata/cropping2d', {}, 'Cropping2D'],
      ['strata/reshape', { targetShape: [-1] }, 'Reshape'],
      ['strata/permute', { dims: [2, 1] }, 'Permute'],
      ['strata/repeat-vector', { n: 2 }, 'RepeatVector'],
      ['strata/spatial-dropout', { rate: 0.1 }, 'SpatialDropout'],
      ['strata/gaussian-noise', { stddev: 0.1 }, 'GaussianNoise'],
      ['strata/add', {}, 'Add'],
      ['strata/multiply', {}, 'Multiply'],
      ['strata/concatenate', {}, 'Concatenate'],
    ];
    for (const [id, options, kind] of kinds) {
      expect((registry.create(id, options) as Layer & { kind: string }).kind).toBe(kind);
    }
    const model = registry.create('strata/sequential', {
      layers: [
        { id: 'strata/conv1d', options: { filters: 4, kernelSize: 3, padding: 'causal' } },
        { id: 'strata/max-pool1d' },
        { id: 'strata/global-avg-pool1d' },
      ],
    }) as Layer;
    expect(model.init(createRng(0), [null, 8, 2]).outputShape).toEqual([null, 4]);
  });
});
