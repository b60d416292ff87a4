/*
 * How much two busy cores slow each other down, with nothing shared: one process trains the seed CNN on
 * wasm at 32 rows a step (a worker's share of a global batch of 64 on 2 workers) and prints its
 * samples/s over 60 steps after 10 untimed ones. Run it alone, then two at once; the sum of the pair
 * is the most two workers of `fit({ workers })` could reach here, exchange or not (docs/scaling.md).
 *
 *   cd bench && npx tsx --conditions=strata-source src/contention-probe.ts
 */
import { useBackend } from '@strata/backends';
import { createRng, disposeTree } from '@strata/core';
import { mnistArrays } from '@strata/data/node';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { trainStep } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { benchModel } from './models.js';

const ROWS = 32;
await useBackend('wasm');
const { train } = await mnistArrays();
const x = tf.tensor4d(
  Float32Array.from(train.images.subarray(0, ROWS * 784), (v) => v / 255),
  [ROWS, 28, 28, 1],
);
const y = tf.tensor1d(Int32Array.from(train.labels.subarray(0, ROWS)), 'int32');
const model = benchModel('cnn');
const loss = sparseCategoricalCrossentropy({ fromLogits: true });
const optimizer = adam({ learningRate: 1e-3 });
let { params, state } = model.init(createRng(0), [null, 28, 28, 1]);
let optState = optimizer.init(params);
const rng = createRng(1);

function steps(n: number): tf.Scalar {
  let last = tf.scalar(0);
  for (let i = 0; i < n; i++) {
    const out = trainStep(model, loss, optimizer, params, state, optState, x, y, rng);
    disposeTree([params, state, optState, last, out.yPred]);
    ({ params, state, optState } = out);
    last = out.loss;
  }
  return last;
}

steps(10).dispose();
const started = performance.now();
await steps(60).data();
const seconds = (performance.now() - started) / 1000;
console.log(`${Math.round((60 * ROWS) / seconds)} samples/s, ${((seconds / 60) * 1000).toFixed(1)} ms/step`);
