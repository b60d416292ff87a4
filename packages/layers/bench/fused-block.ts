// Training step vs inference of the seed CNN on wasm, through `sequential` (not a test).
//   cd packages/layers && npx tsx --conditions=strata-source bench/fused-block.ts [--quick] [--profile]
// Two training variants in one run, interleaved with inference chunks so background load hits all
// alike: `sequential` as it runs (conv2d + maxPool2d fused into one block) and the same layers with the
// fusion defeated (each child copied into a plain object, which `sequential` does not recognise). Each
// is reported as samples/s and as the ratio to inference (issue 3 asks ≥ 0.25 on wasm), by this
// process's CPU time (the machine is shared; wasm runs on one thread in Node) and by wall time.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useBackend } from '@strata/backends';
import { createRng, flattenTree, type Layer, type TensorTree, unflattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { conv2d, dense, flatten, maxPool2d, sequential } from '../src/index.js';
import { seedCnnLayers } from '../src/testing/seed-cnn.test-util.js';

const quick = process.argv.includes('--quick');
const B = 64;

type Api = typeof import('../src/index.js');
const layers = (source: Api) => seedCnnLayers(source);
const api = { conv2d, dense, flatten, maxPool2d, sequential } as Api;
const fusedModel = sequential(layers(api));
// A spread copy has the same name, init and apply but is not the object `conv2d` returned.
const unfusedModel = sequential(layers(api).map((l): Layer => ({ ...l })));
// --compare <dir>: also train the model built by another copy of this package's src (e.g. an export
// of an older commit whose node_modules links to this one's, so that both share one tfjs engine).
const compareAt = process.argv.indexOf('--compare');
const other =
  compareAt > 0
    ? ((await import(pathToFileURL(`${resolve(process.argv[compareAt + 1]!)}/index.ts`).href)) as Api)
    : undefined;

/** Softmax cross-entropy from logits with its closed-form gradient (softmax − labels) / batch. */
const crossEntropy = tf.customGrad(((logits: tf.Tensor, labels: tf.Tensor, save: tf.GradSaveFunc) => {
  const logp = tf.logSoftmax(logits);
  save([logp, labels]);
  const n = logits.shape[0]!;
  return {
    value: tf.div(tf.neg(tf.sum(tf.mul(labels, logp))), n),
    gradFunc: (dy: tf.Tensor, [lp, y]: tf.Tensor[]) => [
      tf.mul(tf.div(tf.sub(tf.exp(lp!), y!), n), dy),
      tf.zerosLike(y!),
    ],
  };
}) as never) as (logits: tf.Tensor, labels: tf.Tensor) => tf.Scalar;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await useBackend('wasm');
let params: TensorTree = fusedModel.init(createRng(0), [null, 28, 28, 1]).params;
const x = tf.randomUniform([B, 28, 28, 1]);
const labels = tf.oneHot(tf.randomUniformInt([B], 0, 10), 10);
const ctx = { training: true, state: {} };

const infer = () => {
  const y = fusedModel.apply(params, x, { training: false, state: {} }).y;
  y.dataSync();
  y.dispose();
};

/** One SGD step (forward, loss, gradients of every param, update), as `trainStep` does. */
const trainWith = (model: Layer) => () => {
  const flat = flattenTree(params);
  const keys = Object.keys(flat);
  const { loss, next } = tf.tidy(() => {
    const { value, grads } = tf.valueAndGrads((...leaves: tf.Tensor[]) => {
      const p = unflattenTree(Object.fromEntries(keys.map((k, i) => [k, leaves[i]!])));
      return crossEntropy(model.apply(p, x, ctx).y, labels);
    })(keys.map((k) => flat[k]!));
    const updated = keys.map((k, i) => tf.sub(flat[k]!, tf.mul(grads[i]!, 0.01)));
    return { loss: value, next: updated };
  });
  loss.dataSync();
  loss.dispose();
  tf.dispose(Object.values(flat));
  params = unflattenTree(Object.fromEntries(keys.map((k, i) => [k, next[i]!])));
};

const variants: [string, () => void][] = [
  ['inference', infer],
  ['train, unfused', trainWith(unfusedModel)],
  ['train, fused conv+pool blocks', trainWith(fusedModel)],
];
if (other)
  variants.push([`train, ${process.argv[compareAt + 1]}`, trainWith(other.sequential(layers(other)))]);
for (const [, f] of variants) f();
const tensors = tf.memory().numTensors;
const rounds = quick ? 3 : 9;
const calls = quick ? 3 : 5;
const cpu = variants.map(() => [] as number[]);
const wall = variants.map(() => [] as number[]);
for (let r = 0; r < rounds; r++) {
  variants.forEach(([, f], i) => {
    const c0 = cpuMs();
    const w0 = performance.now();
    for (let k = 0; k < calls; k++) f();
    cpu[i]!.push((cpuMs() - c0) / calls);
    wall[i]!.push((performance.now() - w0) / calls);
  });
}
if (tf.memory().numTensors !== tensors) throw new Error(`leak: ${tf.memory().numTensors - tensors} tensors`);

const ms = (i: number, by: number[][]) => median(by[i]!);
console.log(`seed CNN on wasm, batch ${B}: median of ${rounds} chunks of ${calls} calls`);
console.log('| variant | CPU ms | samples/CPU-s | ratio (CPU) | wall ms | samples/s | ratio (wall) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
variants.forEach(([name], i) => {
  const c = ms(i, cpu);
  const w = ms(i, wall);
  console.log(
    `| ${name} | ${c.toFixed(1)} | ${((B / c) * 1000).toFixed(0)} | ${(ms(0, cpu) / c).toFixed(3)} | ${w.toFixed(1)} | ${((B / w) * 1000).toFixed(0)} | ${(ms(0, wall) / w).toFixed(3)} |`,
  );
});

if (process.argv.includes('--profile')) {
  for (const [name, f] of variants.slice(1)) {
    const profile = await tf.profile(f);
    const byKernel = new Map<string, { ms: number; n: number }>();
    for (const k of profile.kernels) {
      // Custom-gradient ops appear under their scope's name with their inner kernels' time: skip them.
      if (tf.getKernel(k.name, 'wasm') === undefined) continue;
      const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
      byKernel.set(k.name, { ms: e.ms + Number(k.kernelTimeMs), n: e.n + 1 });
    }
    if (process.argv.includes('--calls')) {
      for (const k of profile.kernels) {
        if (Number(k.kernelTimeMs) > 0.2 && tf.getKernel(k.name, 'wasm') !== undefined) {
          const shapes = k.inputShapes.map((s) => JSON.stringify(s)).join(' ');
          console.log(`    ${k.name} ${shapes} ${Number(k.kernelTimeMs).toFixed(2)} ms`);
        }
      }
    }
    const total = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
    console.log(`\nprofile of one step (${name}): kernel time ${total.toFixed(1)} ms`);
    for (const [k, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14)) {
      console.log(
        `  ${k.padEnd(24)} ${String(e.n).padStart(3)}× ${e.ms.toFixed(2).padStart(7)} ms ${((100 * e.ms) / total).toFixed(0).padStart(3)}%`,
      );
    }
  }
}
tf.dispose([x, labels, ...Object.values(flattenTree(params))]);
