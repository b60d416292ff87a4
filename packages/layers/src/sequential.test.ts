import { ConfigError, createRng, flattenTree, randomNormal, ShapeError, type TensorTree } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { maxPool2d } from './max-pool2d.js';
import { sequential } from './sequential.js';
import { seedCnn } from './testing/seed-cnn.test-util.js';

const ctx = { training: false, state: {} };
const leaves = (t: TensorTree) => Object.values(flattenTree(t));

describe('sequential', () => {
  it('names children as Keras does and nests their params under those names', () => {
    const model = seedCnn();
    expect(model.layers.map((e) => e.name)).toEqual([
      'conv2d',
      'max_pooling2d',
      'conv2d_1',
      'max_pooling2d_1',
      'conv2d_2',
      'flatten',
      'dense',
      'dense_1',
    ]);
    const { params, state, outputShape } = model.init(createRng(0), [null, 28, 28, 1]);
    expect(outputShape).toEqual([null, 10]);
    expect(state).toEqual({});
    const flat = flattenTree(params);
    expect(Object.fromEntries(Object.entries(flat).map(([k, t]) => [k, t.shape]))).toEqual({
      'conv2d/kernel': [3, 3, 1, 32],
      'conv2d/bias': [32],
      'conv2d_1/kernel': [3, 3, 32, 64],
      'conv2d_1/bias': [64],
      'conv2d_2/kernel': [3, 3, 64, 64],
      'conv2d_2/bias': [64],
      'dense/kernel': [576, 64],
      'dense/bias': [64],
      'dense_1/kernel': [64, 10],
      'dense_1/bias': [10],
    });
    tf.dispose(leaves(params));
  });

  it('keeps user names and skips names already taken', () => {
    const model = sequential([
      dense({ units: 2, name: 'dense_1' }),
      dense({ units: 2 }),
      dense({ units: 2 }),
    ]);
    expect(model.layers.map((e) => e.name)).toEqual(['dense_1', 'dense', 'dense_2']);
  });

  it('nests a sequential under its own name', () => {
    const model = sequential([sequential([dense({ units: 3 })], { name: 'block' }), dense({ units: 1 })]);
    const { params } = model.init(createRng(0), [null, 4]);
    expect(Object.keys(flattenTree(params))).toEqual([
      'block/dense/kernel',
      'block/dense/bias',
      'dense/kernel',
      'dense/bias',
    ]);
    tf.dispose(leaves(params));
  });

  it('applies the children in order (the same as composing them by hand)', () => {
    const layers = [
      conv2d({ filters: 2, kernelSize: 3, activation: 'relu' }),
      flatten(),
      dense({ units: 3 }),
    ];
    const model = sequential(layers);
    const { params } = model.init(createRng(1), [null, 5, 5, 1]);
    const x = randomNormal(createRng(2), [2, 5, 5, 1]);
    const { y } = model.apply(params, x, ctx);
    const manual = tf.tidy(() => {
      const a = layers[0]!.apply(params.conv2d as TensorTree, x, ctx).y;
      const b = layers[1]!.apply({}, a, ctx).y;
      return layers[2]!.apply(params.dense as TensorTree, b, ctx).y;
    });
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(manual.dataSync()));
    tf.dispose([y, manual, x, ...leaves(params)]);
  });

  it('inits reproducibly from the seed', () => {
    const a = seedCnn().init(createRng(5), [null, 28, 28, 1]).params;
    const b = seedCnn().init(createRng(5), [null, 28, 28, 1]).params;
    const c = seedCnn().init(createRng(6), [null, 28, 28, 1]).params;
    const ka = flattenTree(a)['dense/kernel']!.dataSync();
    expect(Array.from(ka)).toEqual(Array.from(flattenTree(b)['dense/kernel']!.dataSync()));
    expect(Array.from(ka)).not.toEqual(Array.from(flattenTree(c)['dense/kernel']!.dataSync()));
    tf.dispose([...leaves(a), ...leaves(b), ...leaves(c)]);
  });

  it('gives each child its own stream from ctx.rng, reproducibly', () => {
    const model = sequential([dropout({ rate: 0.5 }), dropout({ rate: 0.5 })]);
    const x = tf.ones([200]);
    const run = (seed: number) =>
      Array.from(model.apply({}, x, { training: true, rng: createRng(seed), state: {} }).y.dataSync());
    const a = run(3);
    expect(a).toEqual(run(3));
    // Two independent masks keep each entry with probability 1/4, scaled by 4.
    expect(new Set(a)).toEqual(new Set([0, 4]));
    x.dispose();
  });

  it('gradients of the whole model w.r.t. input and every param match central differences', () => {
    const model = sequential([
      conv2d({ filters: 2, kernelSize: 3, activation: 'sigmoid' }),
      maxPool2d({ poolSize: 2 }),
      flatten(),
      dense({ units: 3, activation: 'elu' }),
      dense({ units: 2 }),
    ]);
    const { params } = model.init(createRng(7), [null, 6, 6, 1]);
    const keys = Object.keys(flattenTree(params));
    const x = randomNormal(createRng(8), [2, 6, 6, 1]);
    const f = (xi: tf.Tensor, ...ps: tf.Tensor[]) => {
      const p: Record<string, Record<string, tf.Tensor>> = {};
      keys.forEach((k, i) => {
        const [layer, name] = k.split('/') as [string, string];
        p[layer] = { ...p[layer], [name]: ps[i]! };
      });
      return model.apply(p, xi, ctx).y;
    };
    const r = checkGradients(f, [x, ...leaves(params)], { step: 1e-3, rtol: 3e-3, atol: 2e-4 });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(x.size + (9 * 2 + 2) + (8 * 3 + 3) + (3 * 2 + 2));
    tf.dispose([x, ...leaves(params)]);
  });

  it('names the model, position and child when a shape does not fit', () => {
    const model = sequential([flatten(), conv2d({ filters: 2, kernelSize: 3 })], { name: 'm' });
    const error = (() => {
      try {
        model.init(createRng(0), [null, 28, 28, 1]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toBe(
      "sequential 'm' layer 1 'conv2d': conv2d 'conv2d': expected an input shape [batch, height, width, channels] with known channels (NHWC), got [?, 784]",
    );
    const cnn = seedCnn();
    const { params } = cnn.init(createRng(0), [null, 28, 28, 1]);
    const x = tf.zeros([1, 28, 28, 3]);
    expect(() => cnn.apply(params, x, ctx)).toThrow(
      "sequential 'cnn' layer 0 'conv2d': conv2d 'conv2d': expected input shape [?, ?, ?, 1], got [1, 28, 28, 3]",
    );
    tf.dispose([x, ...leaves(params)]);
  });

  it('frees what it made when init fails part way', () => {
    const before = tf.memory().numTensors;
    const model = sequential([dense({ units: 3 }), conv2d({ filters: 2, kernelSize: 3 })]);
    expect(() => model.init(createRng(0), [null, 4])).toThrow(ShapeError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an empty list and things that are not layers', () => {
    expect(() => sequential([])).toThrow(
      new ConfigError('sequential(layers)', 'must be a non-empty array of layers'),
    );
    expect(() => sequential([dense({ units: 1 }), {} as never])).toThrow(
      /sequential\(layers\[1\]\): is not a layer/,
    );
  });

  it('leaks no tensors over repeated apply and training steps', () => {
    const model = sequential([
      conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }),
      maxPool2d(),
      dropout({ rate: 0.25 }),
      flatten(),
      dense({ units: 3 }),
    ]);
    const { params } = model.init(createRng(0), [null, 8, 8, 1]);
    const keys = Object.keys(flattenTree(params));
    const ps = leaves(params);
    const x = randomNormal(createRng(1), [2, 8, 8, 1]);
    const dy = tf.ones([2, 3]);
    const trainStep = (seed: number) => {
      const grads = tf.grads((...p: tf.Tensor[]) => {
        const tree: Record<string, Record<string, tf.Tensor>> = {};
        keys.forEach((k, i) => {
          const [layer, name] = k.split('/') as [string, string];
          tree[layer] = { ...tree[layer], [name]: p[i]! };
        });
        return model.apply(tree, x, { training: true, rng: createRng(seed), state: {} }).y;
      })(ps, dy);
      tf.dispose(grads);
    };
    trainStep(0);
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 3; i++) {
      trainStep(i);
      model.apply(params, x, ctx).y.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy, ...ps]);
  });
});
