import { registerGradients } from '@strata/backends';
import { createRng, disposeTree, flattenTree, randomNormal, type TensorTree } from '@strata/core';
import { dense, freeze, sequential } from '@strata/layers';
import { meanSquaredError } from '@strata/losses';
import { adam } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeDeep } from './dispose.js';
import { fit } from './fit.js';
import { supervisedStep } from './supervised-step.js';

beforeAll(() => {
  registerGradients();
});

const values = (tree: TensorTree) =>
  Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [k, Array.from(t.dataSync())]));

function batches() {
  const x = randomNormal(createRng(7), [64, 3]);
  const y = tf.tidy(() => tf.sum(tf.mul(x, tf.tensor1d([1, -2, 0.5])), 1, true));
  const xs = Array.from(x.dataSync());
  const ys = Array.from(y.dataSync());
  tf.dispose([x, y]);
  return {
    cardinality: () => 4,
    *[Symbol.iterator]() {
      for (let i = 0; i < 64; i += 16) {
        yield {
          x: tf.tensor2d(xs.slice(i * 3, (i + 16) * 3), [16, 3]),
          y: tf.tensor2d(ys.slice(i, i + 16), [16, 1]),
        };
      }
    },
  };
}

describe('supervisedStep({ trainable })', () => {
  it('frozen params stay bit-identical and have no optimizer state; the others train', async () => {
    const model = sequential([dense({ units: 4, activation: 'tanh' }), dense({ units: 1 })]);
    const init = model.init(createRng(0), [null, 3]);
    const start = values(init.params);
    const trainable = freeze(init.params, ['dense']);
    const step = supervisedStep({
      model,
      inputShape: [null, 3],
      loss: meanSquaredError(),
      optimizer: adam({ learningRate: 0.05 }),
      trainable,
    });
    const before = tf.memory().numTensors;
    const { params, state, optState, history } = await fit({
      step,
      data: batches(),
      epochs: 5,
      initialParams: { params: init.params },
    });
    const end = values(params);
    expect(end['dense/kernel']).toEqual(start['dense/kernel']);
    expect(end['dense/bias']).toEqual(start['dense/bias']);
    expect(end['dense_1/kernel']).not.toEqual(start['dense_1/kernel']);
    expect(history[4]!.loss).toBeLessThan(history[0]!.loss!);
    // Adam's moments cover the trainable params only.
    const stateKeys = Object.keys(flattenTree(optState as unknown as TensorTree)).filter((k) =>
      k.includes('kernel'),
    );
    expect(stateKeys.length).toBeGreaterThan(0);
    expect(stateKeys.every((k) => k.includes('dense_1/'))).toBe(true);
    disposeTree(params);
    disposeTree(state);
    disposeDeep(optState);
    // Everything fit made is freed (the initial params it was handed are its own to free).
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('fit takes trainable beside model, loss and optimizer', async () => {
    const model = sequential([dense({ units: 3 }), dense({ units: 1 })]);
    const init = model.init(createRng(1), [null, 3]);
    const start = values(init.params);
    const { params, optState } = await fit({
      model,
      inputShape: [null, 3],
      loss: meanSquaredError(),
      optimizer: adam({ learningRate: 0.05 }),
      trainable: freeze(init.params, ['dense_1']),
      data: batches(),
      epochs: 2,
      initialParams: { params: init.params },
    });
    const end = values(params);
    expect(end['dense_1/kernel']).toEqual(start['dense_1/kernel']);
    expect(end['dense/kernel']).not.toEqual(start['dense/kernel']);
    disposeTree(params);
    disposeDeep(optState);
  });

  it('a predicate works too, and names a mask that does not fit the params', () => {
    const model = dense({ units: 2 });
    const step = supervisedStep({
      model,
      inputShape: [null, 2],
      loss: meanSquaredError(),
      optimizer: adam({ learningRate: 0.1 }),
      trainable: (key) => key !== 'bias',
    });
    const { params } = step.init(createRng(0));
    const opt = step.initOptimizer(params);
    expect(Object.keys(flattenTree(opt as unknown as TensorTree)).some((k) => k.includes('bias'))).toBe(
      false,
    );
    disposeTree(params);
    disposeDeep(opt);
    expect(() =>
      supervisedStep({
        model,
        inputShape: [null, 2],
        loss: meanSquaredError(),
        optimizer: adam({ learningRate: 0.1 }),
        trainable: 3 as never,
      }),
    ).toThrow(/supervisedStep\({trainable}\)/);
  });
});
