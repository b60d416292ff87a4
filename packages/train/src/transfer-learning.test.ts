import { registerGradients } from '@strata/backends';
import { createRng, disposeTree, flattenTree, randomNormal, type TensorTree } from '@strata/core';
import { call, cutAt, dense, freeze, input, model, sequential } from '@strata/layers';
import { meanSquaredError } from '@strata/losses';
import { adam } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeDeep } from './dispose.js';
import { fit } from './fit.js';

beforeAll(() => {
  registerGradients();
});

const values = (tree: TensorTree) =>
  Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [k, Array.from(t.dataSync())]));

describe('transfer learning: a trained network cut at a layer, a new head, the base frozen', () => {
  it('trains the head only; the base is bit-identical and has no optimizer state', async () => {
    const base = sequential(
      [
        dense({ units: 8, activation: 'tanh' }),
        dense({ units: 4, activation: 'relu' }),
        dense({ units: 10 }),
      ],
      {
        name: 'base',
      },
    );
    const trained = base.init(createRng(0), [null, 3]);
    // The features of the second layer, then a new head for a new task.
    const x = input([null, 3]);
    const features = call(cutAt(base, 'dense_1'), x);
    const net = model({ inputs: x, outputs: call(dense({ units: 1, name: 'head' }), features) });
    const fresh = net.init(createRng(1), [null, 3]);
    // Reuse the trained base (it keeps its layer names, so its params fit under the same key).
    disposeTree(fresh.params.base as TensorTree);
    const params = { base: trained.params, head: fresh.params.head as TensorTree };
    const start = values(params);
    const xs = randomNormal(createRng(2), [64, 3]);
    const ys = tf.tidy(() => tf.sum(tf.mul(xs, tf.tensor1d([0.5, -1, 2])), 1, true));
    const data = {
      cardinality: () => 4,
      *[Symbol.iterator]() {
        for (let i = 0; i < 64; i += 16)
          yield { x: tf.slice(xs, [i, 0], [16, 3]), y: tf.slice(ys, [i, 0], [16, 1]) };
      },
    };
    const result = await fit({
      model: net,
      inputShape: [null, 3],
      loss: meanSquaredError(),
      optimizer: adam({ learningRate: 0.05 }),
      trainable: freeze(params, ['base']),
      data,
      epochs: 8,
      initialParams: { params },
    });
    const end = values(result.params);
    for (const key of Object.keys(start).filter((k) => k.startsWith('base/')))
      expect(end[key]).toEqual(start[key]);
    expect(end['head/kernel']).not.toEqual(start['head/kernel']);
    expect(result.history[7]!.loss).toBeLessThan(result.history[0]!.loss!);
    const moments = Object.keys(flattenTree(result.optState as unknown as TensorTree));
    expect(moments.some((k) => k.includes('base/'))).toBe(false);
    // The third base layer was cut away: it is not in the model's params at all.
    expect(Object.keys(flattenTree(fresh.params)).some((k) => k.startsWith('base/dense_2'))).toBe(false);
    disposeTree(result.params);
    disposeDeep(result.optState);
    disposeTree(trained.params);
    tf.dispose([xs, ys]);
  });
});
