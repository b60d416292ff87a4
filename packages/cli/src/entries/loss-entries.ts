import type { Loss } from '@strata/core';
import {
  binaryCrossentropy,
  binaryFocalCrossentropy,
  categoricalCrossentropy,
  categoricalFocalCrossentropy,
  categoricalHinge,
  cosineSimilarity,
  hinge,
  huber,
  klDivergence,
  logCosh,
  meanAbsoluteError,
  meanSquaredError,
  poisson,
  squaredHinge,
} from '@strata/losses';
import { entryOptions } from './entry-options.js';

// Options every loss entry takes: one weight per class (see @strata/losses' README, "Weights").
const WEIGHTS = { classWeights: { type: 'numbers', min: 0 } } as const;
const LOGITS = {
  ...WEIGHTS,
  fromLogits: { type: 'boolean' },
  labelSmoothing: { type: 'number', min: 0, max: 1 },
} as const;
const FOCAL = {
  ...LOGITS,
  gamma: { type: 'number', min: 0 },
  alpha: { type: 'number', min: 0, max: 1 },
} as const;

/** A loss whose only option is `classWeights`. */
function weighted(id: string, make: (o: { classWeights?: number[] }) => Loss) {
  return (options: unknown): Loss => make(entryOptions(`strata/${id}`, options, WEIGHTS, {}));
}

/**
 * The `@strata/losses` losses by registry id (`strata/<kebab-name>`), beside
 * `strata/sparse-categorical-crossentropy`. Each entry checks its options with `entryOptions`, so a
 * config's typo is a ConfigError naming the id; the scalar (mean) reduction is the one training uses.
 */
export const LOSS_ENTRIES: Readonly<Record<string, (options: unknown) => Loss>> = {
  'binary-crossentropy': (options) =>
    binaryCrossentropy(entryOptions('strata/binary-crossentropy', options, LOGITS, { fromLogits: true })),
  'categorical-crossentropy': (options) =>
    categoricalCrossentropy(
      entryOptions('strata/categorical-crossentropy', options, LOGITS, { fromLogits: true }),
    ),
  'binary-focal-crossentropy': (options) => {
    const spec = { ...FOCAL, applyClassBalancing: { type: 'boolean' } } as const;
    return binaryFocalCrossentropy(
      entryOptions('strata/binary-focal-crossentropy', options, spec, { fromLogits: true }),
    );
  },
  'categorical-focal-crossentropy': (options) =>
    categoricalFocalCrossentropy(
      entryOptions('strata/categorical-focal-crossentropy', options, FOCAL, { fromLogits: true }),
    ),
  'categorical-hinge': weighted('categorical-hinge', categoricalHinge),
  'cosine-similarity': weighted('cosine-similarity', cosineSimilarity),
  hinge: weighted('hinge', hinge),
  huber: (options) =>
    huber(
      entryOptions(
        'strata/huber',
        options,
        { ...WEIGHTS, delta: { type: 'number', min: 0, exclusiveMin: true } },
        {},
      ),
    ),
  'kl-divergence': weighted('kl-divergence', klDivergence),
  'log-cosh': weighted('log-cosh', logCosh),
  'mean-absolute-error': weighted('mean-absolute-error', meanAbsoluteError),
  'mean-squared-error': weighted('mean-squared-error', meanSquaredError),
  poisson: weighted('poisson', poisson),
  'squared-hinge': weighted('squared-hinge', squaredHinge),
};
