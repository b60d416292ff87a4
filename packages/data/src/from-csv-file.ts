import { basename } from 'node:path';
import { assertKnownKeys } from '@strata/core';
import { CSV_OPTIONS, type CsvOptions, type CsvRecord } from './csv-decoder.js';
import type { Dataset } from './dataset.js';
import { DEFAULT_CHUNK_SIZE, fileChunks } from './file-chunks.js';
import { csvDataset } from './from-csv.js';

/**
 * A dataset of the records of a CSV file, streamed in chunks of `chunkSize` bytes (default 1 MiB), so
 * files larger than memory work; each pass reads the file again. Errors name the file, the row and the
 * line; see `parseCsv` for the options. Node only.
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fromCsvFile } from '@strata/data/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-csv-'));
 * const path = join(dir, 'loans.csv');
 * writeFileSync(path, 'amount,paid\n100,true\n250,false\n');
 * const ds = fromCsvFile(path, { types: { amount: 'number', paid: 'boolean' } });
 * await ds.toArray(); // => [{ amount: 100, paid: true }, { amount: 250, paid: false }]
 * rmSync(dir, { recursive: true });
 * ```
 */
export function fromCsvFile(
  path: string,
  options: CsvOptions & { readonly chunkSize?: number } = {},
): Dataset<CsvRecord> {
  assertKnownKeys(options, [...CSV_OPTIONS, 'chunkSize'], 'fromCsvFile(path, options)');
  const { chunkSize = DEFAULT_CHUNK_SIZE, ...rest } = options;
  const name = rest.name ?? basename(String(path));
  const label = `fromCsvFile(${name})`;
  return csvDataset(fileChunks(path, chunkSize, label), { ...rest, name }, label);
}
