import { assertInteger, assertKnownKeys, assertOneOf, ConfigError, DataError } from '@strata/core';
import { isMissing, jsonOptions, type Preprocessor } from './preprocessor.js';

/** Options of `textVectorization`. */
export interface TextVectorizationOptions {
  /** 'word' (default): split on whitespace; 'character': one token per code point. */
  readonly split?: 'word' | 'character';
  /**
   * 'lowerAndStripPunctuation' (default): lower-case, then remove Keras' ASCII punctuation
   * ``!"#$%&()*+,-./:;<=>?@[\]^_`{|}~'``; 'lower'; or 'none'.
   */
  readonly standardize?: 'lowerAndStripPunctuation' | 'lower' | 'none';
  /** The most ids in all, padding and OOV included (Keras' `max_tokens`): the most frequent tokens are kept. */
  readonly maxTokens?: number;
  /** Pad with 0 or truncate every output to this length (needed inside a `featureSpace`). */
  readonly outputSequenceLength?: number;
  /** A fixed vocabulary (without the padding and OOV entries) instead of one learned by `fit`. */
  readonly vocabulary?: readonly string[];
}

/** The fitted state of `textVectorization`: token `vocabulary[i]` has id i + 2. */
export interface TextVectorizationState {
  readonly vocabulary: readonly string[];
}

/** The id that pads sequences (Keras' mask token ''). */
const PAD_ID = 0;
/** The id of a token outside the vocabulary (Keras' '[UNK]'). */
const OOV_ID = 1;

const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

/**
 * A text tokenizer with a vocabulary learned from training texts, as Keras' TextVectorization: text
 * is standardized, split into words or characters, and each token becomes an id — 0 pads, 1 is the
 * out-of-vocabulary id, then the vocabulary from 2, most frequent first (ties in string order). With
 * `outputSequenceLength` every output has that length (padded with 0 at the end, or truncated).
 *
 * @example
 * ```ts
 * import { textVectorization } from '@strata/data';
 *
 * const words = textVectorization({ outputSequenceLength: 5 });
 * const state = words.fit(['The cat sat.', 'the dog sat', 'a cat!']);
 * state.vocabulary; // => ['cat', 'sat', 'the', 'a', 'dog']
 * words.transform(state, 'The bird sat'); // => [4, 1, 3, 0, 0]
 * const chars = textVectorization({ split: 'character', standardize: 'none' });
 * chars.transform(chars.fit(['abba']), 'abc'); // => [2, 3, 1]
 * ```
 */
export function textVectorization(
  options: TextVectorizationOptions = {},
): Preprocessor<unknown, number[], TextVectorizationState> {
  const label = 'textVectorization';
  assertKnownKeys(
    options,
    ['split', 'standardize', 'maxTokens', 'outputSequenceLength', 'vocabulary'],
    `${label}(options)`,
  );
  const {
    split = 'word',
    standardize = 'lowerAndStripPunctuation',
    maxTokens,
    outputSequenceLength,
    vocabulary,
  } = options;
  assertOneOf(split, ['word', 'character'], `${label}({split})`);
  assertOneOf(standardize, ['lowerAndStripPunctuation', 'lower', 'none'], `${label}({standardize})`);
  if (maxTokens !== undefined) assertInteger(maxTokens, `${label}({maxTokens})`, 3);
  if (outputSequenceLength !== undefined)
    assertInteger(outputSequenceLength, `${label}({outputSequenceLength})`);
  if (
    vocabulary !== undefined &&
    (!Array.isArray(vocabulary) || vocabulary.some((t) => typeof t !== 'string' || t === ''))
  ) {
    throw new ConfigError(
      `${label}({vocabulary})`,
      'must be an array of non-empty strings (ids 0 and 1 are reserved)',
    );
  }
  const tokens = (text: unknown, where: string): string[] => {
    if (isMissing(text)) return [];
    if (typeof text !== 'string') throw new DataError(where, `expected a string, got ${typeof text}`);
    let t = text;
    if (standardize !== 'none') t = t.toLowerCase();
    if (standardize === 'lowerAndStripPunctuation') t = t.replace(PUNCTUATION, '');
    return split === 'word' ? t.split(/\s+/).filter((w) => w !== '') : Array.from(t);
  };
  const indices = new WeakMap<TextVectorizationState, Map<string, number>>();
  return {
    kind: 'textVectorization',
    options: jsonOptions(options),
    fit(values) {
      if (vocabulary !== undefined) return { vocabulary: [...vocabulary] };
      const counts = new Map<string, number>();
      for (const text of values)
        for (const tok of tokens(text, `${label}.fit`)) counts.set(tok, (counts.get(tok) ?? 0) + 1);
      let vocab = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      if (maxTokens !== undefined) vocab = vocab.slice(0, maxTokens - 2);
      return { vocabulary: vocab.map(([t]) => t) };
    },
    transform(state, text) {
      let index = indices.get(state);
      if (index === undefined) {
        index = new Map(state.vocabulary.map((t, i) => [t, i + 2]));
        indices.set(state, index);
      }
      const ids = tokens(text, `${label}.transform`).map((t) => index.get(t) ?? OOV_ID);
      if (outputSequenceLength === undefined) return ids;
      const out = ids.slice(0, outputSequenceLength);
      while (out.length < outputSequenceLength) out.push(PAD_ID);
      return out;
    },
    width() {
      if (outputSequenceLength === undefined) {
        throw new ConfigError(
          `${label}({outputSequenceLength})`,
          'a fixed width is needed here (inside a featureSpace): set outputSequenceLength',
        );
      }
      return outputSequenceLength;
    },
  };
}
