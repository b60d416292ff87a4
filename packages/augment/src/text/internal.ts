import { assertKnownKeys, assertNumber, ConfigError, type Rng, randomInt } from '@strata/core';
import type { Lexicon, TextAugmentation } from './types.js';

/** Whitespace tokens of a text. */
export const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

/** Checks an EDA α (the share of words changed) in [0, 1]. */
export function checkAlpha(fn: string, value: unknown, fallback: number): number {
  const alpha = value ?? fallback;
  assertNumber(alpha, `${fn}({alpha})`, { min: 0, max: 1 });
  return alpha;
}

/** EDA's count of changes for a sentence of `length` words: max(1, ⌊α·length⌋) (0 for α = 0). */
export const changes = (alpha: number, length: number): number =>
  alpha === 0 || length === 0 ? 0 : Math.max(1, Math.floor(alpha * length));

/** Checks a lexicon: an object of word → non-empty array of strings. */
export function checkLexicon(fn: string, value: unknown): Lexicon {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${fn}({lexicon})`, 'must be an object mapping each word to its synonyms');
  }
  for (const [word, synonyms] of Object.entries(value)) {
    if (!Array.isArray(synonyms) || synonyms.some((s) => typeof s !== 'string' || /\s/.test(s) || s === '')) {
      throw new ConfigError(
        `${fn}({lexicon})`,
        `"${word}" must map to an array of single words, got ${JSON.stringify(synonyms)}`,
      );
    }
  }
  return value as Lexicon;
}

/** The synonyms of a word other than itself (lookups are case-sensitive, as the lexicon is written). */
export function synonymsOf(lexicon: Lexicon, word: string): readonly string[] {
  const own = Object.hasOwn(lexicon, word) ? lexicon[word]! : [];
  return own.filter((s) => s !== word);
}

/** A uniform element of a non-empty array. */
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[randomInt(rng, items.length)]!;

/** A text augmentation from a per-sentence word transform, checking its input. */
export function perSentence(
  fn: string,
  options: object,
  known: readonly string[],
  f: (tokens: string[], rng: Rng) => string[],
): TextAugmentation {
  assertKnownKeys(options, known, fn);
  return (texts, rng) => {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
      throw new ConfigError(fn, 'takes an array of strings');
    }
    return texts.map((t) => f(words(t), rng).join(' '));
  };
}
