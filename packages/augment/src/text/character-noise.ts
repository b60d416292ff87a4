import { assertNumber, ConfigError, randomInt } from '@strata/core';
import { perSentence, pick } from './internal.js';
import type { TextAugmentation } from './types.js';

/** What may happen to a character. */
export type CharacterOperation = 'insert' | 'delete' | 'substitute' | 'swap';

const OPERATIONS: readonly CharacterOperation[] = ['insert', 'delete', 'substitute', 'swap'];

export interface CharacterNoiseOptions {
  /** The chance that each character is hit (default 0.05). */
  readonly p?: number;
  /** The operations drawn from, uniformly (default all four). */
  readonly operations?: readonly CharacterOperation[];
  /** The characters inserted or substituted (default a–z). */
  readonly alphabet?: string;
}

/**
 * Character-level noise (typos): each character of each word is hit with probability `p`, and a hit
 * inserts a random `alphabet` character before it, deletes it, substitutes it, or swaps it with the next
 * character of its word. Whitespace between words is kept as single spaces; a word never vanishes
 * (deleting its last character keeps it).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { characterNoise } from '@strata/augment';
 *
 * characterNoise({ p: 0 })(['no typos here'], createRng(0)); // => ['no typos here']
 * ```
 */
export function characterNoise(options: CharacterNoiseOptions = {}): TextAugmentation {
  const fn = 'characterNoise';
  const p = options.p ?? 0.05;
  assertNumber(p, `${fn}({p})`, { min: 0, max: 1 });
  const operations = options.operations ?? OPERATIONS;
  if (
    !Array.isArray(operations) ||
    operations.length === 0 ||
    operations.some((o) => !OPERATIONS.includes(o))
  ) {
    throw new ConfigError(`${fn}({operations})`, `must be a non-empty list of ${OPERATIONS.join(', ')}`);
  }
  const alphabet = [...(options.alphabet ?? 'abcdefghijklmnopqrstuvwxyz')];
  if (alphabet.length === 0) throw new ConfigError(`${fn}({alphabet})`, 'must not be empty');
  return perSentence(fn, options, ['p', 'operations', 'alphabet'], (tokens, rng) =>
    tokens.map((word) => {
      const chars = [...word];
      const out: string[] = [];
      for (let i = 0; i < chars.length; i++) {
        if (rng.next() >= p) {
          out.push(chars[i]!);
          continue;
        }
        const op = operations[randomInt(rng, operations.length)]!;
        if (op === 'insert') out.push(pick(rng, alphabet), chars[i]!);
        else if (op === 'substitute') out.push(pick(rng, alphabet));
        else if (op === 'swap' && i + 1 < chars.length) {
          out.push(chars[i + 1]!, chars[i]!);
          i++;
        } else if (op === 'delete') continue;
        else out.push(chars[i]!);
      }
      return out.length > 0 ? out.join('') : word;
    }),
  );
}
