/*
 * The transfer-learning acceptance check (issue 15), at full size:
 *
 *   npx tsx --conditions=strata-source plugins/transfer/scripts/mnist-transfer.ts [--backend wasm]
 *
 * 1. A CNN learns digits 0–4 from all of MNIST's training images of them.
 * 2. It is cut after its convolutions, frozen, and a new head is trained on 50 labelled images per
 *    class of digits 5–9.
 * 3. The same network (cut backbone + head) is trained from scratch on those 250 images: once with
 *    the head's optimizer and steps, once for `--scratch-epochs` (so the gap is not an artefact of a
 *    short budget).
 * Accuracy on every test image of digits 5–9 is printed as JSON; exit 1 when the frozen backbone is
 * not ≥ 10 points above both scratch runs.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { createRng, disposeTree, encodeSafetensors, type TensorTree } from '@strata/core';
import { mnistArrays } from '@strata/datasets';
import { conv2d, dense, flatten, maxPool2d, sequential } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { fit } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { attachHead, classifierHead } from '../src/index.js';
import { accuracy, batches, select } from '../src/mnist-split.test-util.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'auto' },
    'base-epochs': { type: 'string', default: '3' },
    'head-epochs': { type: 'string', default: '20' },
    'scratch-epochs': { type: 'string', default: '100' },
    shots: { type: 'string', default: '50' },
    filters: { type: 'string', default: '32,64' },
    units: { type: 'string', default: '128' },
    'save-backbone': { type: 'string' },
  },
});
const BASE_EPOCHS = Number(values['base-epochs']);
const HEAD_EPOCHS = Number(values['head-epochs']);
const SCRATCH_EPOCHS = Number(values['scratch-epochs']);
const SHOTS = Number(values.shots);
const [F1, F2] = values.filters.split(',').map(Number) as [number, number];
const UNITS = Number(values.units);

await useBackend(values.backend as Parameters<typeof useBackend>[0]);
const started = performance.now();
const { train, test } = await mnistArrays();
const base = select(train, (l) => l < 5, Infinity, 0);
const few = select(train, (l) => l >= 5, 5 * SHOTS, 5, SHOTS);
const evalSet = select(test, (l) => l >= 5, Infinity, 5);
const loss = sparseCategoricalCrossentropy({ fromLogits: true });

const network = () =>
  sequential(
    [
      conv2d({ filters: F1, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: F2, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      flatten(),
      dense({ units: UNITS, activation: 'relu' }),
      dense({ units: 5 }),
    ],
    { name: 'backbone' },
  );

// 1. The backbone learns digits 0–4.
const backbone = network();
const pre = await fit({
  model: backbone,
  inputShape: [null, 28, 28, 1],
  loss,
  optimizer: adam({ learningRate: 1e-3 }),
  data: batches(base.x, base.y, 64),
  epochs: BASE_EPOCHS,
  seed: 1,
});
const test0to4 = select(test, (l) => l < 5, Infinity, 0);
const baseAcc = accuracy(backbone, pre.params, pre.state, test0to4.x, test0to4.y);

// 2. Cut after the convolutions, freeze, train a new head on the few labelled images of 5–9.
const t = attachHead({
  backbone,
  params: pre.params,
  state: pre.state,
  at: 'flatten',
  head: classifierHead({ classes: 5, hidden: [64] }),
  inputShape: [null, 28, 28, 1],
  rng: createRng(2),
});
const headRun = (epochs: number, initial?: { params: TensorTree; state: TensorTree }) =>
  fit({
    model: t.model,
    inputShape: [null, 28, 28, 1],
    loss,
    optimizer: adam({ learningRate: 3e-3 }),
    ...(initial ? { trainable: t.trainable, initialParams: initial } : {}),
    data: batches(few.x, few.y, 50),
    epochs,
    seed: 3,
  });
if (values['save-backbone']) {
  // The cut, trained backbone alone (the docs site's transfer page ships one and puts its own head on it).
  const bytes = encodeSafetensors(t.params[t.names.backbone] as TensorTree, {
    layers: `conv2d ${F1} 3×3 relu, maxPool 2, conv2d ${F2} 3×3 relu, maxPool 2, flatten`,
    trainedOn: `MNIST digits 0–4, ${base.y.shape[0]} training images, ${BASE_EPOCHS} epochs`,
    testAccuracy0to4: baseAcc.toFixed(4),
  });
  writeFileSync(values['save-backbone'], bytes);
  console.log(`${values['save-backbone']}: ${bytes.byteLength} bytes`);
}
const transferred = await headRun(HEAD_EPOCHS, { params: t.params, state: t.state });
const transferAcc = accuracy(t.model, transferred.params, transferred.state, evalSet.x, evalSet.y);

// 3. The same network from scratch: the head's budget, then a long one.
const scratchAcc: number[] = [];
for (const epochs of [HEAD_EPOCHS, SCRATCH_EPOCHS]) {
  const s = await headRun(epochs);
  scratchAcc.push(accuracy(t.model, s.params, s.state, evalSet.x, evalSet.y));
  disposeTree([s.params, s.state, s.optState as never]);
}

const gap = transferAcc - Math.max(...scratchAcc);
const result = {
  backend: tf.getBackend(),
  baseImages: base.y.shape[0],
  baseTestAccuracy0to4: baseAcc,
  shotsPerClass: SHOTS,
  testImages5to9: evalSet.y.shape[0],
  frozenBackboneNewHead: transferAcc,
  scratchSameSteps: scratchAcc[0],
  scratchLong: scratchAcc[1],
  points: 100 * gap,
  seconds: Math.round((performance.now() - started) / 1000),
  pass: gap >= 0.1,
};
console.log(JSON.stringify(result));
disposeTree([pre.params, pre.state, pre.optState as never, transferred.params, transferred.state]);
process.exit(result.pass ? 0 : 1);
