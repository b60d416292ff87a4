import { createRng, type StepEntryInput } from '@strata/core';
import { dense, flatten, sequential } from '@strata/layers';
import { pluginConformance } from '@strata/plugin-testkit';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { transferPlugin } from './plugin.js';

const checks = pluginConformance(transferPlugin(), {
  entries: {
    'transfer/classifier-head': {
      options: { classes: 3, hidden: [4] },
      badOptions: [{ classes: 1 }, { classes: 3, hidden: [0] }, { classes: 3, units: 4 }],
      inputShape: [null, 2, 2, 2],
    },
    'transfer/regression-head': {
      options: { outputs: 2 },
      badOptions: [{ outputs: 0 }, { outputs: 1, hidden: 'wide' }],
      inputShape: [null, 5],
    },
    'transfer/knn': {
      options: { k: 3, classes: 2 },
      badOptions: [
        { k: 0, classes: 2 },
        { k: 3, classes: 1 },
        { k: 3, classes: 2, metric: 'cosine' },
      ],
      stepInput: (): StepEntryInput => ({
        options: undefined,
        model: sequential([flatten(), dense({ units: 3, activation: 'relu' })], { name: 'features' }),
        inputShape: [null, 2, 2, 1],
      }),
      batch: () => {
        const rng = createRng(3);
        return {
          x: tf.tensor4d(
            Float32Array.from({ length: 16 }, () => rng.next()),
            [4, 2, 2, 1],
          ),
          y: tf.tensor1d([0, 1, 1, 0], 'int32'),
        };
      },
    },
  },
});

describe('@strata/plugin-transfer conformance', () => {
  for (const check of checks) it(check.name, check.run, 60_000);
});
