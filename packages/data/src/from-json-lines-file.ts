import { basename } from 'node:path';
import { assertKnownKeys } from '@strata/core';
import type { Dataset } from './dataset.js';
import { DEFAULT_CHUNK_SIZE, fileChunks } from './file-chunks.js';
import { type JsonLinesOptions, jsonLinesDataset } from './from-json-lines.js';

/**
 * A dataset of the values of a JSON-lines file, streamed in chunks of `chunkSize` bytes (default
 * 1 MiB). A bad line is a DataError naming the file and line (or skipped with `skipInvalid`). Node only.
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fromJsonLinesFile } from '@strata/data/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-jsonl-'));
 * const path = join(dir, 'events.jsonl');
 * writeFileSync(path, '{"user": 1}\n{"user": 2}\n');
 * await fromJsonLinesFile(path).toArray(); // => [{ user: 1 }, { user: 2 }]
 * rmSync(dir, { recursive: true });
 * ```
 */
export function fromJsonLinesFile<T = unknown>(
  path: string,
  options: JsonLinesOptions & { readonly chunkSize?: number } = {},
): Dataset<T> {
  assertKnownKeys(
    options,
    ['skipInvalid', 'onInvalid', 'name', 'chunkSize'],
    'fromJsonLinesFile(path, options)',
  );
  const { chunkSize = DEFAULT_CHUNK_SIZE, ...rest } = options;
  const name = rest.name ?? basename(String(path));
  const label = `fromJsonLinesFile(${name})`;
  return jsonLinesDataset<T>(fileChunks(path, chunkSize, label), { ...rest, name }, label);
}
