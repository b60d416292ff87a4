import { assertKnownKeys, DataError } from '@strata/core';
import { bucketize } from './bucketize.js';
import { featureCross } from './feature-cross.js';
import {
  type AnyStep,
  build,
  type FeatureSpaceJson,
  type FittedFeatureSpace,
} from './fitted-feature-space.js';
import { hashing } from './hashing.js';
import { impute } from './impute.js';
import { integerLookup } from './integer-lookup.js';
import { minMax } from './min-max.js';
import { oneHot } from './one-hot.js';
import { robustScale } from './robust-scale.js';
import { standardize } from './standardize.js';
import { stringLookup } from './string-lookup.js';
import { textVectorization } from './text-vectorization.js';

/** Options of `featureSpace(...).fit` and `loadFeatureSpace`: factories of custom steps, by kind. */
export interface FeatureSpaceLoadOptions {
  // biome-ignore lint/suspicious/noExplicitAny: factories take their own option types.
  readonly steps?: { readonly [kind: string]: (options: any) => AnyStep };
}

// biome-ignore lint/suspicious/noExplicitAny: factories take their own option types.
const BUILT_IN: { readonly [kind: string]: (options: any) => AnyStep } = {
  standardize,
  minMax,
  robustScale,
  impute,
  stringLookup,
  integerLookup,
  oneHot,
  hashing,
  bucketize,
  textVectorization,
};

/**
 * Rebuilds a fitted feature space from its JSON (`fitted.toJSON()`), giving transforms identical to the
 * ones fitted. Custom steps are rebuilt from `options.steps` by their `kind`.
 *
 * @example
 * ```ts
 * import { bucketize, featureSpace, loadFeatureSpace, stringLookup } from '@strata/data';
 *
 * const records = [{ x: 1, tag: 'a' }, { x: 5, tag: 'b' }, { x: 9, tag: 'a' }];
 * const fitted = featureSpace({ columns: { x: bucketize({ numBins: 2 }), tag: stringLookup() } }).fit(records);
 * const reloaded = loadFeatureSpace(JSON.parse(JSON.stringify(fitted)));
 * Array.from(reloaded.transform({ x: 6, tag: 'b' })); // => [1, 2]
 * ```
 */
export function loadFeatureSpace(
  json: FeatureSpaceJson,
  options: FeatureSpaceLoadOptions = {},
): FittedFeatureSpace {
  const label = 'loadFeatureSpace';
  assertKnownKeys(options, ['steps'], `${label}(json, options)`);
  if (typeof json !== 'object' || json === null || json.format !== 'strata.featureSpace') {
    throw new DataError(
      label,
      "not a saved feature space (format must be 'strata.featureSpace'); pass fitted.toJSON()",
    );
  }
  if (json.version !== 1) {
    throw new DataError(
      label,
      `version ${String(json.version)} is not supported (this Strata reads version 1)`,
    );
  }
  const factories = { ...BUILT_IN, ...options.steps };
  const columns = json.columns.map((c) => ({
    name: c.name,
    steps: c.steps.map((s) => {
      const factory = factories[s.kind];
      if (factory === undefined) {
        throw new DataError(
          `${label}(${c.name})`,
          `unknown step kind '${s.kind}'; pass its factory as { steps: { ${s.kind}: factory } }`,
        );
      }
      return { step: factory(s.options), state: s.state };
    }),
  }));
  const crosses = json.crosses.map((x) => ({ columns: x.columns, step: featureCross(x.options as never) }));
  return build(columns, crosses);
}
