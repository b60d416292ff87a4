import { ConfigError, DataError } from '@strata/core';

/** Plain JSON data: what a fitted state is made of, so it saves beside the model and reloads exactly. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** A column value as it comes from a source: missing values are `null`, `undefined` or `NaN`. */
export type Cell = number | string | null | undefined;

/**
 * A preprocessing step as a pair of pure functions over plain data: `fit` learns a JSON state from the
 * training values only, `transform` applies that state to one value (train, validation, test or serving
 * alike). `kind` and `options` name the step, so `loadFeatureSpace` can rebuild it from saved JSON.
 * Output is one number or a fixed-width vector (`width(state)` numbers); `impute` alone may give strings
 * (for a lookup after it).
 */
export interface Preprocessor<In = Cell, Out = number | number[], S = Json> {
  /** The factory's name (`'standardize'`), used to rebuild the step from JSON. */
  readonly kind: string;
  /** The options the factory was called with (JSON), used to rebuild the step. */
  readonly options: { readonly [key: string]: Json };
  /** Learns the state from training values. */
  fit(values: readonly In[]): S;
  /** Applies the fitted state to one value. */
  transform(state: S, value: In): Out;
  /** The number of outputs per value under `state` (1 for a scalar). */
  width(state: S): number;
}

/** True for the values impute fills and the numeric steps refuse: `null`, `undefined`, `NaN`. */
export function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** A finite number, or a DataError naming the step and the value (missing values need `impute` first). */
export function finiteValue(value: unknown, label: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (isMissing(value)) {
    throw new DataError(label, `got a missing value (${String(value)}); put impute() before this step`);
  }
  throw new DataError(label, `expected a finite number, got ${JSON.stringify(value) ?? String(value)}`);
}

/** The values as finite numbers, refusing an empty training set. */
export function finiteValues(values: readonly unknown[], label: string): number[] {
  if (!Array.isArray(values)) throw new ConfigError(label, 'values must be an array');
  if (values.length === 0) throw new DataError(label, 'cannot fit on no values; pass the training column');
  return values.map((v) => finiteValue(v, label));
}

/** Options as JSON: drops undefined entries so the saved options equal the given ones. */
export function jsonOptions(options: object): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v as Json;
  return out;
}

/** A one-hot vector of `width` with a 1 at `index`. */
export function oneHotVector(index: number, width: number): number[] {
  const out = new Array<number>(width).fill(0);
  out[index] = 1;
  return out;
}
