import { createRng, type StepEntryInput } from '@strata/core';
import { adam } from '@strata/optim';
import { pluginConformance } from '@strata/plugin-testkit';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { convAutoencoder } from './conv-autoencoder.js';
import { autoencoderPlugin } from './plugin.js';
import { vae } from './vae.js';

// Small shapes: the finite-difference check runs each part twice per parameter.
const image = [4, 4, 1];
const batch = () => {
  const rng = createRng(5);
  const values = Float32Array.from({ length: 3 * 16 }, () => rng.next());
  return { x: tf.tensor4d(values, [3, 4, 4, 1]) };
};
const stepInput = (model: StepEntryInput['model']) => (): StepEntryInput => ({
  options: undefined,
  model,
  inputShape: [null, 4, 4, 1],
  optimizer: adam({ learningRate: 1e-2 }),
});

const checks = pluginConformance(autoencoderPlugin(), {
  entries: {
    'autoencoder/dense': {
      options: { imageShape: image, latent: 2, hidden: [3] },
      badOptions: [
        { imageShape: [4, 4], latent: 2 },
        { imageShape: image, latent: 0 },
        { imageShape: image, latent: 2, depth: 3 },
      ],
      inputShape: { encoder: [null, 4, 4, 1], decoder: [null, 2] },
    },
    'autoencoder/conv': {
      options: { imageShape: image, latent: 2, filters: [2] },
      badOptions: [
        { imageShape: [5, 5, 1], latent: 2, filters: [2] },
        { imageShape: image, latent: 2, filters: [] },
      ],
      inputShape: { encoder: [null, 4, 4, 1], decoder: [null, 2] },
    },
    'autoencoder/vae': {
      options: { imageShape: image, latent: 2, hidden: [3] },
      badOptions: [
        { imageShape: image, latent: 2, body: 'rnn' },
        { imageShape: image, latent: 2, filters: [2] },
      ],
      inputShape: { encoder: [null, 4, 4, 1], decoder: [null, 2] },
    },
    'autoencoder/reconstruct': {
      options: { loss: 'bce', noise: 0.1 },
      badOptions: [{ loss: 'l1' }, { noise: -1 }, { sigma: 1 }],
      stepInput: stepInput(convAutoencoder({ imageShape: image, latent: 2, filters: [2] })),
      batch,
    },
    'autoencoder/elbo': {
      options: { beta: 0.5 },
      badOptions: [{ beta: -1 }, { latent: 0 }, { gamma: 1 }],
      stepInput: stepInput(vae({ imageShape: image, latent: 2, hidden: [3] })),
      batch,
    },
  },
});

describe('@strata/plugin-autoencoder conformance', () => {
  for (const check of checks) it(check.name, check.run, 60_000);
});
