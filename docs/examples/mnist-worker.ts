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

const BATCH = 32;
const MAX_STEPS = 400;
let stopping = false;

async function load(url: string): Promise<{ x: Uint8Array; y: Uint8Array; n: number }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const n = bytes.length / 785; // 784 pixels then 1 label per image, images first
  return { x: bytes.subarray(0, n * 784), y: bytes.subarray(n * 784), n };
}

function batchOf(d: { x: Uint8Array; y: Uint8Array }, rows: number[]): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const px = new Float32Array(rows.length * 784);
  const labels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    for (let k = 0; k < 784; k++) px[i * 784 + k] = d.x[r * 784 + k]! / 255;
    labels[i] = d.y[r]!;
  });
  return { x: tf.tensor4d(px, [rows.length, 28, 28, 1]), y: tf.tensor1d(labels, 'int32') };
}

async function train(base: string): Promise<void> {
  setWasmPaths(`${base}wasm/`);
  await tf.setBackend('wasm');
  registerGradients();
  registerTrainingKernels();
  postMessage({ type: 'ready', backend: tf.getBackend() });
  const [trainSet, testSet] = await Promise.all([
    load(`${base}mnist/train.bin`),
    load(`${base}mnist/test.bin`),
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
