import { assertInteger, assertKnownKeys, ConfigError, DataError } from '@strata/core';
import { bucketize } from './bucketize.js';
import { featureCross } from './feature-cross.js';
import { hashing } from './hashing.js';
import { impute } from './impute.js';
import { integerLookup } from './integer-lookup.js';
import { minMax } from './min-max.js';
import { oneHot } from './one-hot.js';
import type { Json, Preprocessor } from './preprocessor.js';
import { robustScale } from './robust-scale.js';
import { standardize } from './standardize.js';
import { stringLookup } from './string-lookup.js';
import { textVectorization } from './text-vectorization.js';

// biome-ignore lint/suspicious/noExplicitAny: a column's steps have unrelated state types.
type AnyStep = Preprocessor<any, any, any>;

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

/** One step as saved: its factory, options and fitted state. */
export interface SavedStep {
  readonly kind: string;
  readonly options: { readonly [key: string]: Json };
  readonly state: Json;
}

/** A fitted feature space as JSON (`JSON.stringify` it beside the model; `loadFeatureSpace` reads it). */
export interface FeatureSpaceJson {
  readonly format: 'strata.featureSpace';
  readonly version: 1;
  readonly columns: readonly { readonly name: string; readonly steps: readonly SavedStep[] }[];
  readonly crosses: readonly {
    readonly columns: readonly string[];
    readonly options: { readonly [key: string]: Json };
  }[];
}

/** Where each column's outputs sit in the feature vector. */
export interface FeatureSlot {
  readonly name: string;
  readonly offset: number;
  readonly width: number;
}

/** A feature space with its fitted state: turns a record into its feature vector. */
export interface FittedFeatureSpace {
  /** The feature vector of one record: the columns in order, then the crosses. */
  transform(record: { readonly [name: string]: unknown }): Float32Array;
  /** The length of every feature vector. */
  readonly width: number;
  /** Each column's (and cross's, named 'a×b') place in the vector. */
  readonly layout: readonly FeatureSlot[];
  /** The fitted state as JSON, to save beside the model. */
  toJSON(): FeatureSpaceJson;
}

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

interface Column {
  readonly name: string;
  readonly steps: readonly { readonly step: AnyStep; readonly state: unknown }[];
}

function build(
  columns: readonly Column[],
  crosses: readonly { readonly columns: readonly string[]; readonly step: AnyStep }[],
): FittedFeatureSpace {
  const layout: FeatureSlot[] = [];
  let width = 0;
  for (const c of columns) {
    const last = c.steps[c.steps.length - 1]!;
    const w = last.step.width(last.state);
    layout.push({ name: c.name, offset: width, width: w });
    width += w;
  }
  for (const x of crosses) {
    const w = x.step.width({});
    layout.push({ name: x.columns.join('×'), offset: width, width: w });
    width += w;
  }
  return {
    width,
    layout,
    transform(record) {
      if (typeof record !== 'object' || record === null) {
        throw new DataError(
          'featureSpace.transform',
          `expected a record (an object of columns), got ${String(record)}`,
        );
      }
      const out = new Float32Array(width);
      const put = (slot: FeatureSlot, value: unknown) => {
        if (typeof value === 'number' && slot.width === 1) {
          out[slot.offset] = value;
        } else if (Array.isArray(value) && value.length === slot.width) {
          out.set(value as number[], slot.offset);
        } else {
          throw new DataError(
            `featureSpace.transform(${slot.name})`,
            `the last step must give ${slot.width} number(s), got ${JSON.stringify(value)}; end the column with a numeric step (a lookup after impute of strings)`,
          );
        }
      };
      columns.forEach((c, i) => {
        let v: unknown = record[c.name];
        for (const { step, state } of c.steps) v = step.transform(state, v);
        put(layout[i]!, v);
      });
      crosses.forEach((x, i) => {
        put(
          layout[columns.length + i]!,
          x.step.transform(
            {},
            x.columns.map((n) => record[n]),
          ),
        );
      });
      return out;
    },
    toJSON: () => ({
      format: 'strata.featureSpace',
      version: 1,
      columns: columns.map((c) => ({
        name: c.name,
        steps: c.steps.map(({ step, state }) => ({
          kind: step.kind,
          options: step.options,
          state: state as Json,
        })),
      })),
      crosses: crosses.map((x) => ({ columns: [...x.columns], options: x.step.options })),
    }),
  };
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
