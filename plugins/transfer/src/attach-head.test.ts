import { registerGradients } from '@strata/backends';
import { createRng, disposeTree, flattenTree, type TensorTree } from '@strata/core';
import { dense, sequential } from '@strata/layers';
import { meanSquaredError } from '@strata/losses';
import { sgd } from '@strata/optim';
import { fit } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachHead } from './attach-head.js';
import { fineTuneOptimizer } from './fine-tune-optimizer.js';
import { regressionHead } from './regression-head.js';
import { topLayersTrainable } from './top-layers-trainable.js';

beforeAll(() => {
  registerGradients();
});

const values = (tree: TensorTree) =>
  Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [k, Array.from(t.dataSync())]));

const backbone = () =>
  sequential(
    [dense({ units: 6, activation: 'tanh' }), dense({ units: 4, activation: 'tanh' }), dense({ units: 2 })],
    {
      name: 'backbone',
    },
  );

describe('attachHead', () => {
  it('copies the cut backbone, drops the layers after the cut, freezes the backbone', async () => {
    const net = backbone();
    const trained = net.init(createRng(0), [null, 3]);
    const before = tf.memory().numTensors;
    const t = attachHead({
      backbone: net,
      params: trained.params,
      at: 'dense_1',
      head: regressionHead({ outputs: 1 }),
      inputShape: [null, 3],
      rng: createRng(1),
    });
    expect(Object.keys(flattenTree(t.params)).sort()).toEqual([
      'backbone/dense/bias',
      'backbone/dense/kernel',
      'backbone/dense_1/bias',
      'backbone/dense_1/kernel',
      'head/dense/bias',
      'head/dense/kernel',
    ]);
    expect(values(t.params.backbone as TensorTree)).toEqual(
      Object.fromEntries(Object.entries(values(trained.params)).filter(([k]) => !k.startsWith('dense_2'))),
    );
    // Training with the mask moves the head only; the copies stay bit-identical to the trained backbone.
    const x = tf.randomNormal([32, 3], 0, 1, 'float32', 3);
    const y = tf.tidy(() => tf.sum(x, 1, true));
    // The loop disposes each batch it is handed, so each epoch gets fresh copies.
    const data = {
      cardinality: () => 1,
      *[Symbol.iterator]() {
        yield { x: tf.clone(x), y: tf.clone(y) };
      },
    };
    const start = values(t.params);
    const run = await fit({
      model: t.model,
      inputShape: [null, 3],
      loss: meanSquaredError(),
      optimizer: sgd({ learningRate: 0.05 }),
      trainable: t.trainable,
      data,
      epochs: 3,
      initialParams: { params: t.params, state: t.state },
    });
    const end = values(run.params);
    for (const key of Object.keys(start).filter((k) => k.startsWith('backbone/')))
      expect(end[key]).toEqual(start[key]);
    expect(end['head/dense/kernel']).not.toEqual(start['head/dense/kernel']);
    disposeTree([run.params, run.state, t.params, t.state]);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(trained.params);
  });

  it('fine-tuning: the top backbone layer moves at the lower rate, the bottom stays frozen', () => {
    const params = {
      backbone: { dense: { kernel: tf.tensor1d([1]) }, dense_1: { kernel: tf.tensor1d([1]) } },
      head: { kernel: tf.tensor1d([1]) },
    };
    const mask = topLayersTrainable(params, { backbone: 'backbone', count: 1 });
    expect(mask).toEqual({
      backbone: { dense: { kernel: false }, dense_1: { kernel: true } },
      head: { kernel: true },
    });
    const opt = fineTuneOptimizer({
      backbone: 'backbone',
      backboneOptimizer: sgd({ learningRate: 0.01 }),
      headOptimizer: sgd({ learningRate: 0.1 }),
    });
    // What a step with this mask hands the optimizer: the trainable leaves, each with gradient 2.
    const trained = { backbone: { dense_1: { kernel: params.backbone.dense_1.kernel } }, head: params.head };
    const grads = { backbone: { dense_1: { kernel: tf.tensor1d([2]) } }, head: { kernel: tf.tensor1d([2]) } };
    const { updates } = opt.update(grads, opt.init(trained), trained);
    // sgd: update = −rate · gradient
    expect(values(updates)).toEqual({
      'backbone/dense_1/kernel': [Math.fround(-0.02)],
      'head/kernel': [Math.fround(-0.2)],
    });
    disposeTree([params, grads, updates]);
  });

  it('refuses a cut at a layer the backbone does not have, naming its layers', () => {
    const net = backbone();
    const trained = net.init(createRng(0), [null, 3]);
    expect(() =>
      attachHead({
        backbone: net,
        params: trained.params,
        at: 'conv',
        head: regressionHead(),
        inputShape: [null, 3],
        rng: createRng(1),
      }),
    ).toThrow(/has no layer 'conv'/);
    disposeTree(trained.params);
  });
});
