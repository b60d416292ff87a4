/*
 * The VAE's acceptance check (issue 15): images sampled from a trained VAE's prior, labelled by an
 * MNIST classifier trained by `npm run train` (the `mnist-cnn` preset's run folder).
 *
 *   tsx --conditions=strata-source plugins/autoencoder/scripts/evaluate-vae.ts \
 *     --vae runs/mnist-vae --classifier runs/mnist-cnn [--count 1000] [--seed 0] [--out grid.png]
 *
 * Passes when ≥ 60% of the images get a class with confidence ≥ 0.9 and every digit is ≥ 5% of those
 * confident images (the GAN's check, plugins/gan/scripts/evaluate.ts, with the VAE's bar). Prints one
 * JSON object; exit code 1 when the check fails.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { createRng, disposeTree } from '@strata/core';
import { loadCheckpoint } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
// The check and the grid writer are the GAN plugin's (repository scripts, not a package dependency).
import { classify, confidenceCheck, runConfig } from '../../gan/scripts/classifier-check.js';
import { writeSampleGrid } from '../../gan/src/write-sample-grid.js';
import { sample, type VaeOptions, vae } from '../src/index.js';

const { values } = parseArgs({
  options: {
    vae: { type: 'string' },
    classifier: { type: 'string' },
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
  },
});
if (!values.vae || !values.classifier) {
  console.error(
    'usage: evaluate-vae.ts --vae <VAE run folder> --classifier <classifier run folder> [--count 1000]',
  );
  process.exit(2);
}
await useBackend(values.backend as Parameters<typeof useBackend>[0]);

const options = runConfig(values.vae).model.options as unknown as VaeOptions;
const trained = loadCheckpoint(join(values.vae, 'model'));
const images = sample(
  { model: vae(options), params: trained.params, state: trained.state },
  createRng(Number(values.seed)),
  {
    count: Number(values.count),
    latent: options.latent,
  },
);
disposeTree([trained.params, trained.state]);
const result = {
  kind: 'vae',
  ...confidenceCheck(await classify(values.classifier, images), { minConfident: 0.6 }),
};
if (values.out) {
  const grid = tf.slice(images, 0, Math.min(100, images.shape[0]!));
  writeSampleGrid(values.out, grid, { rows: 10 });
  grid.dispose();
}
images.dispose();
console.log(JSON.stringify(result));
process.exit(result.pass ? 0 : 1);
