// The transfer-learning example, in a Web Worker on tfjs's WASM backend: a CNN trained on digits 0–4
// (the cut backbone the site ships, written by plugins/transfer/scripts/mnist-transfer.ts) is frozen
// under a new head that learns digits 5–9 from a few labelled images each; then the same network
// learns them from scratch on the same images, with the same optimizer and steps.
// Messages in: {type:'start', base, shots} / {type:'stop'}. Out: 'ready' (backend, what the backbone
// learnt), 'step' (run, step, loss, batch accuracy), 'done' (run, test accuracy, confusion matrix),
// 'finished', 'error'.
import { registerGradients, registerTrainingKernels } from '@strata/backends';
import { createRng, decodeSafetensors, disposeTree } from '@strata/core';
import { conv2d, dense, flatten, maxPool2d, sequential } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { attachHead, classifierHead } from '@strata/plugin-transfer';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { supervisedTrainer } from './browser-trainer';
import { batchOf, loadSubset, type Subset } from './mnist-subset';

const BACKBONE = 'transfer/mnist-0to4-backbone.safetensors';
const EPOCHS = 20;
const BATCH = 25;
let stopping = false;

// The network the backbone was trained as (scripts/mnist-transfer.ts); the page keeps its layers up to
// 'flatten' and puts a new head there.
const network = () =>
  sequential(
    [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      flatten(),
      dense({ units: 128, activation: 'relu' }),
      dense({ units: 5 }),
    ],
    { name: 'backbone' },
  );

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The images of digits 5–9 in the subset, `perClass` of each (the first ones), labelled 0–4. */
function digits5to9(d: Subset, perClass: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const rows: number[] = [];
  const seen = [0, 0, 0, 0, 0];
  for (let i = 0; i < d.n; i++) {
    const k = d.y[i]! - 5;
    if (k >= 0 && seen[k]! < perClass) {
      seen[k]!++;
      rows.push(i);
    }
  }
  return batchOf(d, rows, 5);
}

/** The epoch's batches: the rows of the few images in a seeded order, BATCH at a time. */
function epochOrder(n: number, epoch: number): number[][] {
  const rng = createRng(100 + epoch);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from({ length: Math.ceil(n / BATCH) }, (_, b) => order.slice(b * BATCH, (b + 1) * BATCH));
}

async function run(base: string, shots: number): Promise<void> {
  setWasmPaths(`${base}wasm/`);
  await tf.setBackend('wasm');
  registerGradients();
  registerTrainingKernels();
  const [backboneBytes, trainSet, testSet] = await Promise.all([
    fetchBytes(`${base}${BACKBONE}`),
    loadSubset(`${base}mnist/train.bin`),
    loadSubset(`${base}mnist/test.bin`),
  ]);
  const saved = decodeSafetensors(backboneBytes);
  postMessage({ type: 'ready', backend: tf.getBackend(), about: saved.metadata });
  const few = digits5to9(trainSet, shots);
  const test = digits5to9(testSet, Number.POSITIVE_INFINITY);

  const t = attachHead({
    backbone: network(),
    params: saved.tensors,
    at: 'flatten',
    head: classifierHead({ classes: 5, hidden: [64] }),
    inputShape: [null, 28, 28, 1],
    rng: createRng(2),
  });
  disposeTree(saved.tensors);
  const runs = [
    // The backbone as trained, frozen; only the head's leaves learn.
    { name: 'transfer', params: t.params, trainable: (key: string) => key.startsWith(`${t.names.head}/`) },
    // Every leaf drawn afresh, all of them learning.
    { name: 'scratch', params: t.model.init(createRng(3), [null, 28, 28, 1]).params },
  ];
  for (const r of runs) {
    if (stopping) {
      disposeTree(r.params);
      continue;
    }
    const trainer = supervisedTrainer({
      model: t.model,
      params: r.params,
      optimizer: adam({ learningRate: 3e-3 }),
      loss: sparseCategoricalCrossentropy({ fromLogits: true }),
      ...('trainable' in r ? { trainable: r.trainable } : {}),
    });
    let step = 0;
    for (let epoch = 0; epoch < EPOCHS && !stopping; epoch++) {
      for (const rows of epochOrder(few.x.shape[0], epoch)) {
        const idx = tf.tensor1d(rows, 'int32');
        const [x, y] = [tf.gather(few.x, idx), tf.gather(few.y, idx)];
        const { loss, correct } = await trainer.step(x, y);
        tf.dispose([idx, x, y]);
        postMessage({ type: 'step', run: r.name, step: ++step, loss, accuracy: correct / rows.length });
        // Lets a 'stop' message in between steps.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    // The confusion matrix of the test images of 5–9: rows are labels, columns predictions.
    const pred = trainer.predict(test.x);
    const [p, y] = [await pred.data(), await test.y.data()];
    const confusion = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (let i = 0; i < p.length; i++) confusion[y[i]!]![p[i]!]!++;
    const right = confusion.reduce((s, row, i) => s + row[i]!, 0);
    postMessage({ type: 'done', run: r.name, accuracy: right / p.length, confusion, images: p.length });
    tf.dispose(pred);
    trainer.dispose();
  }
  tf.dispose([few.x, few.y, test.x, test.y]);
  postMessage({ type: 'finished', tensors: tf.memory().numTensors });
}

self.onmessage = (e: MessageEvent<{ type: 'start'; base: string; shots: number } | { type: 'stop' }>) => {
  if (e.data.type === 'stop') stopping = true;
  else {
    stopping = false;
    run(e.data.base, e.data.shots).catch((err: unknown) =>
      postMessage({ type: 'error', message: String(err) }),
    );
  }
};
