import { randomInt } from '@strata/core';
import { changes, checkAlpha, checkLexicon, perSentence, pick, synonymsOf } from './internal.js';
import type { Lexicon, TextAugmentation } from './types.js';

/**
 * EDA's random insertion (Wei & Zou 2019): n = max(1, ⌊α·words⌋) times, a synonym of a random word of
 * the text (one that has synonyms in `lexicon`) is inserted at a random position. A text none of whose
 * words has a synonym is left as it is.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { randomInsertion } from '@strata/augment';
 *
 * const insert = randomInsertion({ lexicon: { big: ['large'] }, alpha: 0.3 });
 * insert(['a big dog'], createRng(0))[0].split(' ').sort(); // => ['a', 'big', 'dog', 'large']
 * ```
 */
export function randomInsertion(options: {
  readonly lexicon: Lexicon;
  readonly alpha?: number;
}): TextAugmentation {
  const fn = 'randomInsertion';
  const lexicon = checkLexicon(fn, options?.lexicon);
  const alpha = checkAlpha(fn, options.alpha, 0.1);
  return perSentence(fn, options, ['lexicon', 'alpha'], (tokens, rng) => {
    const out = [...tokens];
    const n = changes(alpha, tokens.length);
    for (let k = 0; k < n; k++) {
      const candidates = out.filter((w) => synonymsOf(lexicon, w).length > 0);
      if (candidates.length === 0) break;
      const synonym = pick(rng, synonymsOf(lexicon, pick(rng, candidates)));
      out.splice(randomInt(rng, out.length + 1), 0, synonym);
    }
    return out;
  });
}
