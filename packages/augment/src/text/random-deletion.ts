import { assertNumber, randomInt } from '@strata/core';
import { perSentence } from './internal.js';
import type { TextAugmentation } from './types.js';

/**
 * EDA's random deletion (Wei & Zou 2019): each word is removed with probability `p` independently; a
 * text that would lose every word keeps one of them, chosen at random.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { randomDeletion } from '@strata/augment';
 *
 * // p = 1 deletes all but one word.
 * randomDeletion({ p: 1 })(['a b c'], createRng(0))[0].split(' ').length; // => 1
 * ```
 */
export function randomDeletion(options: { readonly p?: number } = {}): TextAugmentation {
  const fn = 'randomDeletion';
  const p = options.p ?? 0.1;
  assertNumber(p, `${fn}({p})`, { min: 0, max: 1 });
  return perSentence(fn, options, ['p'], (tokens, rng) => {
    const kept = tokens.filter(() => rng.next() >= p);
    return kept.length > 0 || tokens.length === 0 ? kept : [tokens[randomInt(rng, tokens.length)]!];
  });
}
