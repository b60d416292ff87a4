import { basename } from 'node:path';
import { assertKnownKeys } from '@strata/core';
import type { Dataset } from './dataset.js';
import { DEFAULT_CHUNK_SIZE, fileChunks } from './file-chunks.js';
import { fromTextLines } from './from-text-lines.js';

/**
 * A dataset of the lines of a text file, streamed in chunks of `chunkSize` bytes (default 1 MiB). Node only.
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fromTextLinesFile } from '@strata/data/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-txt-'));
 * const path = join(dir, 'corpus.txt');
 * writeFileSync(path, 'to be\nor not\n');
 * await fromTextLinesFile(path).toArray(); // => ['to be', 'or not']
 * rmSync(dir, { recursive: true });
 * ```
 */
export function fromTextLinesFile(
  path: string,
  options: { readonly skipEmpty?: boolean; readonly chunkSize?: number } = {},
): Dataset<string> {
  assertKnownKeys(options, ['skipEmpty', 'chunkSize'], 'fromTextLinesFile(path, options)');
  const { chunkSize = DEFAULT_CHUNK_SIZE, ...rest } = options;
  return fromTextLines(fileChunks(path, chunkSize, `fromTextLinesFile(${basename(String(path))})`), rest);
}
