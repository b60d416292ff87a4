import { registerGradients } from '@strata/backends';
import type { StepEntryInput } from '@strata/core';
import { pluginConformance } from '@strata/plugin-testkit';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dcgan } from './dcgan.js';
import { ganPlugin } from './gan-plugin.js';

beforeAll(() => registerGradients());

// Small options: the finite-difference check runs each part twice per parameter.
// A small step: ReLU and LeakyReLU kinks within a larger one bend the finite differences.
const gradientTolerance = { step: 1e-3, rtol: 2e-2, atol: 2e-3 };
const tiny = { imageSize: 4, latent: 2, filters: 2, dropout: 0 };

const checks = pluginConformance(ganPlugin(), {
  entries: {
    'gan/dcgan': {
      options: tiny,
      badOptions: [{ imageSize: 6 }, { latent: 0 }, { output: 'relu' }, { noise: 3 }],
      inputShape: { generator: [null, 2], discriminator: [null, 4, 4, 1] },
      gradientTolerance,
    },
    'gan/conditional': {
      options: { ...tiny, classes: 2 },
      badOptions: [{ classes: 1 }, { classes: 2.5 }],
      inputShape: { generator: [null, 4], discriminator: [null, 4, 4, 3] },
      gradientTolerance,
    },
    'gan/adversarial': {
      options: { labelSmoothing: 0.1, instanceNoise: 0.05 },
      badOptions: [{ beta1: 2 }, { labelSmoothing: -0.1 }, { lr: 1 }],
      stepInput: (): StepEntryInput => ({ options: {}, model: dcgan(tiny), inputShape: [null, 4, 4, 1] }),
      batch: () => ({ x: tf.randomUniform([3, 4, 4, 1], 0, 1, 'float32', 1) }),
    },
    'gan/sample-grid': {
      options: { dir: 'unused', model: { id: 'gan/dcgan', ...tiny } },
      badOptions: [
        { dir: 'x' },
        { dir: 'x', model: { id: 'gan/other' } },
        { dir: '', model: { id: 'gan/dcgan' } },
      ],
    },
  },
});

describe('@strata/plugin-gan passes the plugin testkit', () => {
  for (const check of checks) it(check.name, check.run, 120_000);
});

describe('ganPlugin meta', () => {
  it("names this package and its package.json version (what saved runs record as 'gan/dcgan@<version>')", async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const { meta } = ganPlugin();
    expect([meta.name, meta.version]).toEqual([pkg.name, pkg.version]);
  });
});
