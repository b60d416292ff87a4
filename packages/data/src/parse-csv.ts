import type { DataError } from '@strata/core';
import { CsvDecoder, type CsvOptions, type CsvRecord } from './csv-decoder.js';

/**
 * Parses CSV text in memory (browser-safe; papaparse does the quoting): a header row or given names,
 * typed columns, quoted fields (with `""` escapes, delimiters and newlines inside), missing values as
 * `null`. A row with the wrong number of fields or a bad value in a typed column is a DataError naming
 * `name`, the row and the line; with `skipInvalid` such rows are left out and returned in `invalid`.
 * For files and streams use `fromCsv` / `fromCsvFile`.
 *
 * @example
 * ```ts
 * import { parseCsv } from '@strata/data';
 *
 * const text = 'id,city,income\n1,"Oslo, NO",52000\n2,Lima,NA\n3,Pune,lots\n';
 * const { records, invalid } = parseCsv(text, {
 *   types: { id: 'integer', income: 'number' },
 *   skipInvalid: true,
 *   name: 'people.csv',
 * });
 * records; // => [{ id: 1, city: 'Oslo, NO', income: 52000 }, { id: 2, city: 'Lima', income: null }]
 * invalid[0]!.message; // => 'parseCsv(people.csv): row 3 (line 4): column "income": "lots" is not a number'
 * ```
 */
export function parseCsv(
  text: string,
  options: CsvOptions = {},
): { records: CsvRecord[]; invalid: DataError[] } {
  const decoder = new CsvDecoder(options, `parseCsv(${options.name ?? 'text'})`);
  const records = [...decoder.push(String(text)), ...decoder.end()];
  return { records, invalid: decoder.invalid };
}
