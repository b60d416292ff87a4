import { assertInteger, assertKnownKeys, ConfigError, DataError } from '@strata/core';
import { featureCross } from './feature-cross.js';
import { type AnyStep, build, type FittedFeatureSpace } from './fitted-feature-space.js';

/** A column's preprocessing: one step, or steps applied in order (each fitted on the previous one's output). */
export type ColumnSpec = AnyStep | readonly AnyStep[];

/** A crossed feature: the raw values of `columns` hashed together (see `featureCross`). */
export interface CrossSpec {
  readonly columns: readonly string[];
  readonly numBins: number;
  readonly output?: 'int' | 'oneHot';
}

/** What `featureSpace` combines: a spec per column (record field), and crosses. */
export interface FeatureSpaceSpec {
  readonly columns: { readonly [name: string]: ColumnSpec };
  readonly crosses?: readonly CrossSpec[];
}

/**
 * Combines preprocessing per column into one feature vector (Keras' FeatureSpace): `fit` learns every
 * step's state from the training records only, `transform` turns any record into a Float32Array
 * (columns in the given order, then the crosses). The fitted state saves as JSON (`toJSON`) and
 * `loadFeatureSpace` rebuilds the identical transform at serving time. A column is one step or a list
 * applied in order (`[impute(), standardize()]`).
 *
 * @example
 * ```ts
 * import { featureSpace, impute, loadFeatureSpace, oneHot, standardize } from '@strata/data';
 *
 * const train = [
 *   { age: 20, city: 'Oslo' },
 *   { age: 40, city: 'Lima' },
 *   { age: null, city: 'Oslo' },
 * ];
 * const space = featureSpace({ columns: { age: [impute({ strategy: 'mean' }), standardize()], city: oneHot() } });
 * const fitted = space.fit(train);
 * fitted.width; // => 4
 * Array.from(fitted.transform({ age: 30, city: 'Rome' })); // => [0, 1, 0, 0]
 * const saved = JSON.stringify(fitted.toJSON());
 * Array.from(loadFeatureSpace(JSON.parse(saved)).transform({ age: 30, city: 'Lima' })); // => [0, 0, 0, 1]
 * ```
 */
export function featureSpace(spec: FeatureSpaceSpec): {
  fit(records: readonly { readonly [name: string]: unknown }[]): FittedFeatureSpace;
} {
  const label = 'featureSpace';
  if (typeof spec !== 'object' || spec === null)
    throw new ConfigError(`${label}(spec)`, 'expected { columns, crosses? }');
  assertKnownKeys(spec, ['columns', 'crosses'], `${label}(spec)`);
  const names = Object.keys(spec.columns ?? {});
  if (names.length === 0 && (spec.crosses ?? []).length === 0) {
    throw new ConfigError(
      `${label}({columns})`,
      'name at least one column, e.g. { columns: { age: standardize() } }',
    );
  }
  const columnSteps = names.map((name) => {
    const s = spec.columns[name]!;
    const steps = (Array.isArray(s) ? s : [s]) as AnyStep[];
    if (
      steps.length === 0 ||
      steps.some((st) => typeof st?.fit !== 'function' || typeof st.transform !== 'function')
    ) {
      throw new ConfigError(
        `${label}({columns.${name}})`,
        'must be a preprocessing step (standardize(), oneHot(), …) or a non-empty list of them',
      );
    }
    return { name, steps };
  });
  const crosses = (spec.crosses ?? []).map((x, i) => {
    assertKnownKeys(x, ['columns', 'numBins', 'output'], `${label}({crosses[${i}]})`);
    if (!Array.isArray(x.columns) || x.columns.length < 2 || x.columns.some((c) => typeof c !== 'string')) {
      throw new ConfigError(`${label}({crosses[${i}].columns})`, 'must name at least two columns');
    }
    assertInteger(x.numBins, `${label}({crosses[${i}].numBins})`);
    const { columns, ...options } = x;
    return { columns, step: featureCross(options) };
  });
  return {
    fit(records) {
      if (!Array.isArray(records) || records.length === 0) {
        throw new DataError(`${label}.fit`, 'needs a non-empty array of training records');
      }
      const columns = columnSteps.map(({ name, steps }) => {
        let values: unknown[] = records.map((r) => r[name]);
        const fitted = steps.map((step, k) => {
          const state = step.fit(values);
          if (k < steps.length - 1) values = values.map((v) => step.transform(state, v));
          return { step, state };
        });
        return { name, steps: fitted };
      });
      return build(columns, crosses);
    },
  };
}
