import { assertInteger, assertKnownKeys, assertOneOf, ConfigError, DataError } from '@strata/core';
import { isMissing, type Json, jsonOptions, oneHotVector, type Preprocessor } from './preprocessor.js';
import { stableHash } from './stable-hash.js';

/** Options shared by `stringLookup`, `integerLookup` and `oneHot`. */
export interface LookupOptions<K> {
  /**
   * Out-of-vocabulary indices (default 1): unseen values go to index `hash(value) mod numOovIndices`
   * (`stableHash` of the value's text), before the vocabulary. 0: an unseen value is a DataError.
   */
  readonly numOovIndices?: number;
  /** The most indices in all, OOV ones included (Keras' `max_tokens`): the most frequent values are kept. */
  readonly maxTokens?: number;
  /** Values seen fewer times than this in training are left out of the vocabulary (default 1). */
  readonly minCount?: number;
  /** A fixed vocabulary instead of one learned by `fit`. */
  readonly vocabulary?: readonly K[];
  /** 'int' (default): the index; 'oneHot': a vector of every index with a 1 at the value's. */
  readonly output?: 'int' | 'oneHot';
}

/** The fitted state of a lookup: the vocabulary, index `numOovIndices + i` for `vocabulary[i]`. */
export interface LookupState<K> {
  readonly vocabulary: readonly K[];
}

function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === 'number' ? -1 : 1;
}

/** The common engine of the lookups; `check` validates one value. */
export function lookup<K extends string | number>(
  kind: string,
  options: LookupOptions<K>,
  check: (value: unknown, label: string) => K,
): Preprocessor<unknown, number | number[], LookupState<K>> {
  const label = kind;
  assertKnownKeys(
    options,
    ['numOovIndices', 'maxTokens', 'minCount', 'vocabulary', 'output'],
    `${label}(options)`,
  );
  const { numOovIndices = 1, maxTokens, minCount = 1, vocabulary, output = 'int' } = options;
  assertInteger(numOovIndices, `${label}({numOovIndices})`, 0);
  assertInteger(minCount, `${label}({minCount})`, 1);
  assertOneOf(output, ['int', 'oneHot'], `${label}({output})`);
  if (maxTokens !== undefined) {
    assertInteger(maxTokens, `${label}({maxTokens})`, numOovIndices + 1);
  }
  if (vocabulary !== undefined) {
    if (!Array.isArray(vocabulary)) throw new ConfigError(`${label}({vocabulary})`, 'must be an array');
    for (const [i, v] of vocabulary.entries()) check(v, `${label}({vocabulary})[${i}]`);
    if (new Set(vocabulary).size !== vocabulary.length) {
      throw new ConfigError(`${label}({vocabulary})`, 'has repeated entries; each value needs one index');
    }
  }
  const indexOf = (state: LookupState<K>, value: unknown): number => {
    // A Map per state, built on first use: states are plain JSON, so the index is kept beside, by identity.
    let index = indices.get(state);
    if (index === undefined) {
      index = new Map(state.vocabulary.map((v, i) => [v, numOovIndices + i]));
      indices.set(state, index);
    }
    const key = isMissing(value) ? undefined : check(value, `${label}.transform`);
    const found = key === undefined ? undefined : index.get(key);
    if (found !== undefined) return found;
    if (numOovIndices === 0) {
      throw new DataError(
        `${label}.transform`,
        `${JSON.stringify(value) ?? String(value)} is not in the vocabulary and numOovIndices is 0; allow OOV indices or clean the data`,
      );
    }
    return numOovIndices === 1 ? 0 : stableHash(String(value)) % numOovIndices;
  };
  const indices = new WeakMap<LookupState<K>, Map<K, number>>();
  return {
    kind,
    options: jsonOptions(options) as { [key: string]: Json },
    fit(values) {
      if (vocabulary !== undefined) return { vocabulary: [...vocabulary] };
      const counts = new Map<K, number>();
      for (const v of values) {
        if (isMissing(v)) continue;
        const k = check(v, `${label}.fit`);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      // Most frequent first, ties by value, so the vocabulary does not depend on the order of rows.
      let vocab = [...counts]
        .filter(([, c]) => c >= minCount)
        .sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
      if (maxTokens !== undefined) vocab = vocab.slice(0, maxTokens - numOovIndices);
      return { vocabulary: vocab.map(([k]) => k) };
    },
    transform(state, value) {
      const i = indexOf(state, value);
      return output === 'int' ? i : oneHotVector(i, numOovIndices + state.vocabulary.length);
    },
    width: (state) => (output === 'int' ? 1 : numOovIndices + state.vocabulary.length),
  };
}
