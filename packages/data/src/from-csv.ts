import { CsvDecoder, type CsvOptions, type CsvRecord } from './csv-decoder.js';
import type { Dataset } from './dataset.js';
import { fromGenerator } from './from-generator.js';
import { type TextSource, textChunks } from './text-source.js';

/**
 * A dataset of CSV records streamed from text: a string, bytes, or a function giving a fresh stream of
 * chunks each pass (browser-safe: a fetch body, a generator). Chunks are parsed as they arrive, so
 * the source may be larger than memory. Options, types and errors as in `parseCsv`; with `skipInvalid`
 * every skipped row goes to `onInvalid`. The size is unknown until read.
 *
 * @example
 * ```ts
 * import { fromCsv } from '@strata/data';
 *
 * // A record split across chunks, inside a quoted field.
 * const chunks = ['x,label\n1.5,"a', ' b"\n2,c\n'];
 * const ds = fromCsv(() => chunks, { types: { x: 'number' } });
 * await ds.toArray(); // => [{ x: 1.5, label: 'a b' }, { x: 2, label: 'c' }]
 * ```
 */
export function fromCsv(source: TextSource, options: CsvOptions = {}): Dataset<CsvRecord> {
  return csvDataset(source, options, `fromCsv(${options.name ?? 'text'})`);
}

/** `fromCsv` with the reader's name in its errors. */
export function csvDataset(source: TextSource, options: CsvOptions, label: string): Dataset<CsvRecord> {
  // Validate now, so bad options fail where the pipeline is built.
  new CsvDecoder(options, label);
  return fromGenerator(async function* () {
    const decoder = new CsvDecoder(options, label);
    for await (const chunk of textChunks(source, label)) yield* decoder.push(chunk);
    yield* decoder.end();
  });
}
