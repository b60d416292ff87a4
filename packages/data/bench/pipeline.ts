// Throughput of the MNIST input pipeline alone (no model): shuffle('all') + batch(64), one epoch of the
// 55,000 training images, batches disposed as a training loop would. Not a test; prints batches/s.
// Run: node_modules/.bin/tsx --conditions=strata-source packages/data/bench/pipeline.ts   (from the repo root)
import '@tensorflow/tfjs-backend-cpu';
import { mnist } from '@strata/data/node';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
const t0 = performance.now();
const { train } = await mnist({ validation: 5000, seed: 0 });
console.log(`load + split: ${(performance.now() - t0).toFixed(0)} ms`);

for (const [name, ds] of [
  ['shuffle+batch', train.shuffle('all', { seed: 0 }).batch(64)],
  ['shuffle+batch+prefetch(2)', train.shuffle('all', { seed: 0 }).batch(64).prefetch(2)],
  ['shuffle(10000 buffer)+batch', train.shuffle(10_000, { seed: 0 }).batch(64)],
] as const) {
  for (let epoch = 0; epoch < 3; epoch++) {
    const start = performance.now();
    let batches = 0;
    for await (const batch of ds) {
      tf.dispose(batch);
      batches++;
    }
    const s = (performance.now() - start) / 1000;
    console.log(
      `${name} epoch ${epoch}: ${batches} batches in ${s.toFixed(2)} s = ${(batches / s).toFixed(0)} batches/s (${((batches * 64) / s).toFixed(0)} images/s), tensors left ${tf.memory().numTensors}`,
    );
  }
}
