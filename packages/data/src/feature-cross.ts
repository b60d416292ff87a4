import { assertInteger, assertKnownKeys, assertOneOf, DataError } from '@strata/core';
import { isMissing, jsonOptions, oneHotVector, type Preprocessor } from './preprocessor.js';
import { stableHash } from './stable-hash.js';

/** Options of `featureCross`. */
export interface FeatureCrossOptions {
  /** The number of bins the crossed values hash into. */
  readonly numBins: number;
  /** 'int' (default): the bin; 'oneHot': a vector of `numBins`. */
  readonly output?: 'int' | 'oneHot';
}

/**
 * Crosses categorical values (a tuple such as [city, hour]) into one feature by hashing their
 * combination into `numBins` bins (Keras' HashedCrossing), so a linear model can weigh "Oslo at 8 am"
 * apart from Oslo and from 8 am. The tuple's texts are joined with the unit separator U+001F before
 * `stableHash`, so ['a b', 'c'] and ['a', 'b c'] differ. Learns nothing (`fit` gives `{}`).
 *
 * @example
 * ```ts
 * import { featureCross, stableHash } from '@strata/data';
 *
 * const cross = featureCross({ numBins: 100 });
 * const state = cross.fit([]);
 * cross.transform(state, ['Oslo', 8]) === stableHash('Oslo\u001f8') % 100; // => true
 * ```
 */
export function featureCross(
  options: FeatureCrossOptions,
): Preprocessor<readonly unknown[], number | number[], Record<string, never>> {
  const label = 'featureCross';
  assertKnownKeys(options, ['numBins', 'output'], `${label}(options)`);
  const { numBins, output = 'int' } = options;
  assertInteger(numBins, `${label}({numBins})`);
  assertOneOf(output, ['int', 'oneHot'], `${label}({output})`);
  return {
    kind: 'featureCross',
    options: jsonOptions(options),
    fit: () => ({}),
    transform(_state, values) {
      if (!Array.isArray(values) || values.length < 2) {
        throw new DataError(`${label}.transform`, 'expected a tuple of at least two values to cross');
      }
      const text = values.map((v) => (isMissing(v) ? '' : String(v))).join('\u001f');
      const bin = stableHash(text) % numBins;
      return output === 'int' ? bin : oneHotVector(bin, numBins);
    },
    width: () => (output === 'int' ? 1 : numBins),
  };
}
