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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { registryFor } from '@strata/cli';
import { createRng, disposeTree, type Layer, randomNormal, type TensorTree } from '@strata/core';
import { loadCheckpoint } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { conditionalGan, dcgan, type GanParts, writeSampleGrid } from '../src/index.js';

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

interface SavedConfig {
  readonly model: { readonly id: string; readonly options: Record<string, unknown> };
}
const configOf = (run: string) => JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as SavedConfig;

await useBackend(values.backend as Parameters<typeof useBackend>[0]);

// The generator, from the GAN run's config and saved model.
const ganConfig = configOf(values.gan);
const conditional = ganConfig.model.id === 'gan/conditional';
const options = ganConfig.model.options as { latent?: number; classes?: number; output?: 'tanh' | 'sigmoid' };
const parts: GanParts = conditional ? conditionalGan(options) : dcgan(options);
const latent = options.latent ?? 100;
const classes = conditional ? (options.classes ?? 10) : 0;
const gan = loadCheckpoint(join(values.gan, 'model'));

// The classifier, built by its registry id from its run's config, with its saved params.
const classifierConfig = configOf(values.classifier);
const registry = await registryFor([]);
const classifier = registry.create(classifierConfig.model.id, classifierConfig.model.options) as Layer;
const trained = loadCheckpoint(join(values.classifier, 'model'));

const asked = Array.from({ length: count }, (_, i) => (classes > 0 ? Math.floor((i * classes) / count) : -1));
const images = tf.tidy(() => {
  let z = randomNormal(createRng(seed), [count, latent]);
  if (classes > 0) z = tf.concat([z, tf.oneHot(tf.tensor1d(asked, 'int32'), classes)], 1);
  const y = parts.generator.apply(gan.params.generator as TensorTree, z, {
    training: false,
    state: (gan.state.generator ?? {}) as TensorTree,
  }).y;
  // The classifier reads MNIST's [0, 1] pixels; a tanh generator makes [-1, 1].
  return (options.output ?? 'tanh') === 'tanh' ? tf.div(tf.add(y, 1), 2) : y;
});
const probabilities = tf.tidy(() =>
  tf.softmax(classifier.apply(trained.params, images, { training: false, state: trained.state }).y),
);
const p = probabilities.arraySync() as number[][];
if (values.out)
  writeSampleGrid(values.out, tf.slice(images, [0, 0, 0, 0], [Math.min(100, count), -1, -1, -1]));
tf.dispose([images, probabilities]);
disposeTree(gan.params);
disposeTree(trained.params);

const predicted = p.map((row) => row.indexOf(Math.max(...row)));
const confidence = p.map((row) => Math.max(...row));
let result: Record<string, unknown>;
if (classes > 0) {
  const perClass = Array.from({ length: classes }, (_, k) => {
    const mine = predicted.filter((_, i) => asked[i] === k);
    return mine.filter((c) => c === k).length / mine.length;
  });
  result = { kind: 'conditional', count, perClassAccuracy: perClass, pass: perClass.every((a) => a >= 0.9) };
} else {
  const confident = predicted.filter((_, i) => confidence[i]! >= 0.9);
  const share = Array.from(
    { length: 10 },
    (_, d) => confident.filter((c) => c === d).length / Math.max(1, confident.length),
  );
  const confidentShare = confident.length / count;
  result = {
    kind: 'unconditional',
    count,
    confidentShare,
    digitShareOfConfident: share,
    pass: confidentShare >= 0.8 && share.every((s) => s >= 0.05),
  };
}
console.log(JSON.stringify(result));
process.exit(result.pass ? 0 : 1);
