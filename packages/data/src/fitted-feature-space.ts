import { DataError } from '@strata/core';
import type { Json, Preprocessor } from './preprocessor.js';

// biome-ignore lint/suspicious/noExplicitAny: a column's steps have unrelated state types.
export type AnyStep = Preprocessor<any, any, any>;

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

export interface Column {
  readonly name: string;
  readonly steps: readonly { readonly step: AnyStep; readonly state: unknown }[];
}

/** The fitted feature space over fitted columns and crosses (what `fit` and `loadFeatureSpace` return). */
export function build(
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
