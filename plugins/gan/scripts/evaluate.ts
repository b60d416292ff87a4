/*
 * The GAN acceptance check (issue 15): an MNIST classifier trained by `npm run train` labels the
 * images a trained generator makes.
 *
 *   tsx --conditions=strata-source plugins/gan/scripts/evaluate.ts \
 *     --gan runs/mnist-dcgan --classifier runs/mnist-cnn [--count 1000] [--seed 0] [--out grid.png]
 *
 * Unconditional GAN: passes when ≥ 80% of `count` images get a class with confidence ≥ 0.9 and every
 * digit is ≥ 5% of those confident images (no mode collapse). Conditional GAN (`gan/conditional`):
 * count/10 images of each class are asked for; passes when ≥ 90% of each class's images are
 * classified as that class. Prints one JSON object with the figures and `pass`; exit code 1 when
 * the check fails. Both runs are `strata train` run folders (config.json and model/).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { disposeTree } from '@strata/core';
import { loadCheckpoint } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import {
  type ConditionalGanOptions,
  conditionalGan,
  dcgan,
  type GanParts,
  generateImages,
  writeSampleGrid,
} from '../src/index.js';
import { classify, confidenceCheck, runConfig } from './classifier-check.js';

const { values } = parseArgs({
  options: {
    gan: { type: 'string' },
    classifier: { type: 'string' },
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
  },
});
if (!values.gan || !values.classifier) {
  console.error(
    'usage: evaluate.ts --gan <GAN run folder> --classifier <classifier run folder> [--count 1000]',
  );
  process.exit(2);
}
const count = Number(values.count);
const seed = Number(values.seed);

await useBackend(values.backend as Parameters<typeof useBackend>[0]);

// The generator, from the GAN run's config and saved model.
const ganConfig = runConfig(values.gan);
const conditional = ganConfig.model.id === 'gan/conditional';
const options = ganConfig.model.options as ConditionalGanOptions;
const parts: GanParts = conditional ? conditionalGan(options) : dcgan(options);
const classes = conditional ? (options.classes ?? 10) : 0;
const gan = loadCheckpoint(join(values.gan, 'model'));

const asked = Array.from({ length: count }, (_, i) => (classes > 0 ? Math.floor((i * classes) / count) : -1));
const images = generateImages(parts, gan, classes > 0 ? { labels: asked, seed } : { count, seed });
disposeTree([gan.params, gan.state]);
const p = await classify(values.classifier, images);
if (values.out) {
  // Ten images a row: the first hundred, or for a conditional GAN the first ten of each class.
  const shown = Array.from({ length: Math.min(100, count) }, (_, i) =>
    classes > 0 ? Math.floor(i / 10) * (count / classes) + (i % 10) : i,
  );
  const grid = tf.gather(images, shown);
  writeSampleGrid(values.out, grid, { rows: Math.ceil(shown.length / 10) });
  grid.dispose();
}
images.dispose();

let result: Record<string, unknown>;
if (classes > 0) {
  const predicted = p.map((row) => row.indexOf(Math.max(...row)));
  const perClass = Array.from({ length: classes }, (_, k) => {
    const mine = predicted.filter((_, i) => asked[i] === k);
    return mine.filter((c) => c === k).length / mine.length;
  });
  result = { kind: 'conditional', count, perClassAccuracy: perClass, pass: perClass.every((a) => a >= 0.9) };
} else {
  result = { kind: 'unconditional', ...confidenceCheck(p) };
}
console.log(JSON.stringify(result));
process.exit(result.pass ? 0 : 1);
