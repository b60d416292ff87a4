import { randomInt } from '@strata/core';
import { changes, checkAlpha, perSentence } from './internal.js';
import type { TextAugmentation } from './types.js';

/**
 * EDA's random swap (Wei & Zou 2019): n = max(1, ⌊α·words⌋) times, two distinct random positions of
 * the text swap their words. The words stay the same multiset; a one-word text is unchanged.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { randomSwap } from '@strata/augment';
 *
 * randomSwap({ alpha: 0.5 })(['one two'], createRng(0)); // => ['two one']
 * ```
 */
export function randomSwap(options: { readonly alpha?: number } = {}): TextAugmentation {
  const fn = 'randomSwap';
  const alpha = checkAlpha(fn, options.alpha, 0.1);
  return perSentence(fn, options, ['alpha'], (tokens, rng) => {
    const out = [...tokens];
    if (out.length < 2) return out;
    for (let k = 0; k < changes(alpha, out.length); k++) {
      const i = randomInt(rng, out.length);
      // A second position uniform over the others.
      const j = (i + 1 + randomInt(rng, out.length - 1)) % out.length;
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  });
}
