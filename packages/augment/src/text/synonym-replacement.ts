import { changes, checkAlpha, checkLexicon, perSentence, pick, synonymsOf } from './internal.js';
import type { Lexicon, TextAugmentation } from './types.js';

/**
 * EDA's synonym replacement (Wei & Zou 2019): in each text, n = max(1, ⌊α·words⌋) distinct words that
 * have synonyms in `lexicon` are chosen at random, and every occurrence of each is replaced by one of
 * its synonyms. Words without synonyms are never touched, so a lexicon without stop words keeps them.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { synonymReplacement } from '@strata/augment';
 *
 * const replace = synonymReplacement({ lexicon: { quick: ['fast'] }, alpha: 0.5 });
 * replace(['the quick fox'], createRng(0)); // => ['the fast fox']
 * ```
 */
export function synonymReplacement(options: {
  readonly lexicon: Lexicon;
  readonly alpha?: number;
}): TextAugmentation {
  const fn = 'synonymReplacement';
  const lexicon = checkLexicon(fn, options?.lexicon);
  const alpha = checkAlpha(fn, options.alpha, 0.1);
  return perSentence(fn, options, ['lexicon', 'alpha'], (tokens, rng) => {
    const candidates = [...new Set(tokens.filter((w) => synonymsOf(lexicon, w).length > 0))];
    const out = [...tokens];
    for (let k = 0; k < changes(alpha, tokens.length) && candidates.length > 0; k++) {
      const [word] = candidates.splice(Math.floor(rng.next() * candidates.length), 1) as [string];
      const synonym = pick(rng, synonymsOf(lexicon, word));
      for (let i = 0; i < out.length; i++) if (tokens[i] === word) out[i] = synonym;
    }
    return out;
  });
}
