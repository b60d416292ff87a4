import type { Rng } from '@strata/core';

/**
 * A text augmentation: a pure function of a batch of strings and an explicit random generator,
 * returning new strings (one per input). Words are the whitespace-separated tokens (punctuation stays
 * attached); the output joins them with single spaces.
 */
export type TextAugmentation = (texts: readonly string[], rng: Rng) => string[];

/** Synonyms by word, as the user supplies them (EDA used WordNet; Strata ships no lexicon). */
export type Lexicon = Readonly<Record<string, readonly string[]>>;
