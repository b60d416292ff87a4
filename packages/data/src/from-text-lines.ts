import { assertKnownKeys } from '@strata/core';
import type { Dataset } from './dataset.js';
import { fromGenerator } from './from-generator.js';
import { type TextSource, textLines } from './text-source.js';

/**
 * A dataset of the lines of a text (`\n` or `\r\n` endings removed), read as a stream like `fromCsv`;
 * `skipEmpty` drops blank lines.
 *
 * @example
 * ```ts
 * import { fromTextLines } from '@strata/data';
 *
 * await fromTextLines('first\r\n\nsecond').toArray(); // => ['first', '', 'second']
 * await fromTextLines('first\n\nsecond\n', { skipEmpty: true }).toArray(); // => ['first', 'second']
 * ```
 */
export function fromTextLines(
  source: TextSource,
  options: { readonly skipEmpty?: boolean } = {},
): Dataset<string> {
  const label = 'fromTextLines';
  assertKnownKeys(options, ['skipEmpty'], `${label}(options)`);
  return fromGenerator(async function* () {
    for await (const { text } of textLines(source, label))
      if (!options.skipEmpty || text.trim() !== '') yield text;
  });
}
