import { assertKnownKeys, DataError } from '@strata/core';
import type { Dataset } from './dataset.js';
import { fromGenerator } from './from-generator.js';
import { type TextSource, textLines } from './text-source.js';

/** Options of the JSON-lines readers. */
export interface JsonLinesOptions {
  /** Skip lines that are not valid JSON instead of throwing; each goes to `onInvalid`. */
  readonly skipInvalid?: boolean;
  readonly onInvalid?: (error: DataError) => void;
  /** The name in error messages (a file name). */
  readonly name?: string;
}

/** Parses the JSON lines of `source`; `label` names the reader. */
export async function* jsonLines<T>(
  source: TextSource,
  options: JsonLinesOptions,
  label: string,
): AsyncGenerator<T> {
  for await (const { text, line } of textLines(source, label)) {
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text) as T;
    } catch (e) {
      const error = new DataError(label, `line ${line}: not valid JSON (${(e as Error).message})`);
      if (!options.skipInvalid) throw error;
      options.onInvalid?.(error);
    }
  }
}

/**
 * A dataset of the values of a JSON-lines text (one JSON value per line, blank lines skipped), read
 * as a stream like `fromCsv`. A line that is not valid JSON is a DataError naming the line.
 *
 * @example
 * ```ts
 * import { fromJsonLines } from '@strata/data';
 *
 * const ds = fromJsonLines('{"x": 1, "y": [2]}\n\n{"x": 3, "y": []}\n');
 * await ds.toArray(); // => [{ x: 1, y: [2] }, { x: 3, y: [] }]
 * ```
 */
export function fromJsonLines<T = unknown>(source: TextSource, options: JsonLinesOptions = {}): Dataset<T> {
  const label = `fromJsonLines(${options.name ?? 'text'})`;
  assertKnownKeys(options, ['skipInvalid', 'onInvalid', 'name'], `${label}(options)`);
  return fromGenerator(() => jsonLines<T>(source, options, label));
}

/** `fromJsonLines` with the reader's name in its errors. */
export function jsonLinesDataset<T>(
  source: TextSource,
  options: JsonLinesOptions,
  label: string,
): Dataset<T> {
  return fromGenerator(() => jsonLines<T>(source, options, label));
}
