// Trains the small CNN on the MNIST subset the site ships, on tfjs's WASM backend, in a Web Worker so
// that the page stays responsive. Messages in: {type:'start', base} / {type:'stop'}; out: 'ready'
// (backend), 'step' (loss, accuracy, samples/s), 'done' (test accuracy and confusion matrix), 'error'.
import { registerGradients, registerTrainingKernels } from '@strata/backends';
import { createRng } from '@strata/core';
import { conv2d, dense, flatten, maxPool2d, sequential } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { supervisedTrainer } from './browser-trainer';
import { batchOf, loadSubset } from './mnist-subset';

const BATCH = 32;
const MAX_STEPS = 400;
let stopping = false;

async function train(base: string): Promise<void> {
  setWasmPaths(`${base}wasm/`);
  await tf.setBackend('wasm');
  registerGradients();
  registerTrainingKernels();
  postMessage({ type: 'ready', backend: tf.getBackend() });
  const [trainSet, testSet] = await Promise.all([
    loadSubset(`${base}mnist/train.bin`),
    loadSubset(`${base}mnist/test.bin`),
  ]);

  const model = sequential([
    conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dense({ units: 10 }),
  ]);
  const trainer = supervisedTrainer({
    model,
    params: model.init(createRng(0), [null, 28, 28, 1]).params,
    optimizer: adam({ learningRate: 2e-3 }),
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
  });
  const order = Array.from({ length: trainSet.n }, (_, i) => i);
  const started = performance.now();

  for (let step = 0; step < MAX_STEPS && !stopping; step++) {
    const at = (step * BATCH) % trainSet.n;
    if (at < BATCH) order.sort(() => Math.random() - 0.5);
    const { x, y } = batchOf(trainSet, order.slice(at, at + BATCH));
    const { loss, correct } = await trainer.step(x, y);
    tf.dispose([x, y]);
    const seconds = (performance.now() - started) / 1000;
    // wasm's data() resolves as a microtask, so without this the 'stop' message would wait for the end.
    await new Promise((resolve) => setTimeout(resolve, 0));
    postMessage({
      type: 'step',
      step: step + 1,
      loss,
      accuracy: correct / BATCH,
      samplesPerSec: ((step + 1) * BATCH) / seconds,
    });
  }

  // The confusion matrix of the held-out images: rows are labels, columns predictions.
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let at = 0; at < testSet.n; at += 250) {
    const rows = Array.from({ length: Math.min(250, testSet.n - at) }, (_, i) => at + i);
    const { x, y } = batchOf(testSet, rows);
    const pred = trainer.predict(x);
    const [p, t] = [await pred.data(), await y.data()];
    for (let i = 0; i < rows.length; i++) confusion[t[i]!]![p[i]!]!++;
    tf.dispose([x, y, pred]);
  }
  trainer.dispose();
  const right = confusion.reduce((s, row, i) => s + row[i]!, 0);
  postMessage({ type: 'done', confusion, testAccuracy: right / testSet.n, tensors: tf.memory().numTensors });
}

self.onmessage = (e: MessageEvent<{ type: 'start'; base: string } | { type: 'stop' }>) => {
  if (e.data.type === 'stop') stopping = true;
  else {
    stopping = false;
    train(e.data.base).catch((err: unknown) => postMessage({ type: 'error', message: String(err) }));
  }
};
