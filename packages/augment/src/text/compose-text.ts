import type { TextAugmentation } from './types.js';

/**
 * Runs text augmentations one after another, each with its own child of `rng` (`rng.split`).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { composeText, randomDeletion, randomSwap } from '@strata/augment';
 *
 * const augment = composeText([randomSwap({ alpha: 0.2 }), randomDeletion({ p: 0 })]);
 * augment(['a b c d e'], createRng(0))[0].split(' ').sort().join(' '); // => 'a b c d e'
 * ```
 */
export function composeText(augmentations: readonly TextAugmentation[]): TextAugmentation {
  const steps = [...augmentations];
  return (texts, rng) => {
    const rngs = rng.split(Math.max(steps.length, 1));
    return steps.reduce<string[]>((current, step, i) => step(current, rngs[i]!), [...texts]);
  };
}
