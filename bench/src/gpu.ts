// `pnpm bench:gpu`: times the seed CNN's training step on every GPU backend that works in this Node
// process (webgpu through Dawn, node-gpu), next to wasm as the CPU baseline, with the same code on
// any machine: on one with a real GPU and its Vulkan driver the figures are the GPU's. A software
// adapter (SwiftShader) is timed too but labelled as such: it measures correctness plumbing, not speed.
//
//   pnpm bench:gpu [--batch 64] [--seconds 10] [--backends webgpu,node-gpu,wasm]
import { listBackends, useBackend } from '@strata/backends';
import { createRng, type TensorTree, treeLeaves } from '@strata/core';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { disposeDeep, trainStep } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { benchModel } from './models.js';
import { median } from './stats.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const batch = Number(option('batch', '64'));
const seconds = Number(option('seconds', '10'));
const wanted = option('backends', 'webgpu,node-gpu,wasm').split(',');
if (!Number.isInteger(batch) || batch < 1 || !(seconds > 0)) {
  console.error('bench:gpu: --batch must be a positive integer and --seconds a positive number');
  process.exit(2);
}

function replaceTree(old: TensorTree, next: TensorTree): void {
  const keep = new Set(treeLeaves(next));
  for (const t of treeLeaves(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

/** Samples/s of each chunk of training steps (the loss is read once per chunk: one device sync). */
async function timeTraining(): Promise<{ rates: number[]; loss: [number, number]; leaked: number }> {
  const model = benchModel('cnn');
  const loss = sparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = adam({ learningRate: 1e-3 });
  const rng = createRng(1);
  const x = tf.randomNormal([batch, 28, 28, 1]);
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 10),
    'int32',
  );
  let { params, state } = model.init(createRng(0), [null, 28, 28, 1]);
  let optState = optimizer.init(params);
  const step = () => {
    const out = trainStep(model, loss, optimizer, params, state, optState, x, y, rng);
    replaceTree(params, out.params);
    replaceTree(state, out.state);
    disposeDeep(optState);
    params = out.params;
    state = out.state;
    optState = out.optState;
    out.yPred.dispose();
    return out.loss;
  };
  const chunk = async (budget: number) => {
    const start = performance.now();
    let steps = 0;
    let last: tf.Scalar | undefined;
    while (steps < 2 || performance.now() - start < budget * 1000) {
      last?.dispose();
      last = step();
      steps++;
      if (steps % 5 === 0) await last.data(); // keep the GPU queue bounded
    }
    const value = (await (last as tf.Scalar).data())[0] as number;
    (last as tf.Scalar).dispose();
    return { rate: (steps * batch) / ((performance.now() - start) / 1000), value };
  };
  const first = await chunk(Math.min(2, seconds / 4)); // warm-up: shader and kernel compilation
  const before = tf.memory().numTensors;
  const rates: number[] = [];
  let lastValue = first.value;
  for (let i = 0; i < 3; i++) {
    const c = await chunk(seconds / 3);
    rates.push(c.rate);
    lastValue = c.value;
  }
  const leaked = tf.memory().numTensors - before;
  disposeDeep(params);
  disposeDeep(state);
  disposeDeep(optState);
  tf.dispose([x, y]);
  return { rates, loss: [first.value, lastValue], leaked };
}

const reports = await listBackends();
const rows: string[] = [];
for (const name of wanted) {
  const report = reports.find((r) => r.name === name);
  if (report?.available !== true) {
    rows.push(`| ${name} | — | not available: ${report?.reason ?? 'unknown backend'} |`);
    continue;
  }
  const info = await useBackend(name);
  const { rates, loss, leaked } = await timeTraining();
  const software = /a software GPU/.test(info.reason) ? ' (software GPU: not a speed figure)' : '';
  rows.push(
    `| ${name} | ${median(rates).toFixed(1)} samples/s (chunks ${rates.map((r) => r.toFixed(1)).join(', ')}) | ${info.reason}${software}; loss ${loss[0].toFixed(3)} → ${loss[1].toFixed(3)}; ${leaked} tensors leaked |`,
  );
}
console.log(
  `Seed CNN (conv32-pool-conv64-pool-conv64-dense64-dense10) training, batch ${batch}, Adam 1e-3, 28×28×1:\n`,
);
console.log('| backend | training throughput (median of 3 chunks) | details |\n| --- | --- | --- |');
console.log(rows.join('\n'));
process.exit(0);
