import {
  assertKnownKeys,
  ConfigError,
  definePlugin,
  type Layer,
  type StepEntryInput,
  type StrataPlugin,
} from '@strata/core';
import { type ClassifierHeadOptions, classifierHead } from './classifier-head.js';
import { checkObject } from './internal/options.js';
import { knnStep } from './knn-step.js';
import { type RegressionHeadOptions, regressionHead } from './regression-head.js';

/** The step entry `transfer/knn`'s own options (`step.options` in a config). */
export interface KnnEntryOptions {
  readonly k: number;
  readonly classes: number;
}

declare module '@strata/core' {
  interface ArchitectureMap {
    'transfer/classifier-head': ClassifierHeadOptions;
    'transfer/regression-head': RegressionHeadOptions;
  }
  interface StepMap {
    'transfer/knn': StepEntryInput;
  }
}

const knnEntry = (input: StepEntryInput) => {
  const label = 'transfer/knn';
  const o = checkObject(input.options, `${label}(options)`);
  assertKnownKeys(o, ['k', 'classes'], `${label}(options)`);
  const model = input.model as Layer;
  if (typeof model?.init !== 'function') {
    throw new ConfigError(label, 'needs a one-layer model (the feature extractor), not named parts');
  }
  return knnStep({ model, inputShape: input.inputShape, k: o.k as number, classes: o.classes as number });
};

/**
 * The transfer-learning plugin (namespace `transfer`): heads `transfer/classifier-head` and
 * `transfer/regression-head` (architectures) and the few-shot step `transfer/knn`. The moves
 * themselves (`attachHead`, `topLayersTrainable`, `fineTuneOptimizer`, `extractFeatures`,
 * `knnClassify`) are functions of this package.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@strata/core';
 * import { transferPlugin } from '@strata/plugin-transfer';
 *
 * const registry = createRegistry().use(transferPlugin());
 * registry.list().map((e) => e.id); // => ['transfer/classifier-head', 'transfer/regression-head', 'transfer/knn']
 * ```
 */
export function transferPlugin(): StrataPlugin {
  return definePlugin({
    meta: { name: '@strata/plugin-transfer', version: '0.1.0', namespace: 'transfer' },
    strata: '^0.1.0',
    architectures: {
      'classifier-head': (options: ClassifierHeadOptions) => classifierHead(options),
      'regression-head': (options: RegressionHeadOptions) => regressionHead(options),
    },
    steps: { knn: knnEntry },
  });
}

/** The export `strata train --plugin @strata/plugin-transfer` loads: the same factory as `transferPlugin`. */
export const plugin = transferPlugin;
