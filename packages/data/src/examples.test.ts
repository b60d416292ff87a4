import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExampleAsync } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';
import * as node from './node.js';

// Every TSDoc @example of both entries (`@strata/data` and `@strata/data/node`) runs, one at a time,
// and each `expr; // => value` it states is checked. Examples await datasets, so they run through
// runExampleAsync.
const modules = {
  '@tensorflow/tfjs-core': tf,
  '@strata/core': core,
  '@strata/data': self,
  '@strata/data/node': node,
  'node:fs': fs,
  'node:os': os,
  'node:path': path,
  'node:zlib': zlib,
  pngjs,
};
const dir = fileURLToPath(new URL('.', import.meta.url));

describe('TSDoc examples', () => {
  it('every export of both entries has one', () => {
    expect(exportsWithoutExample(dir, self)).toEqual([]);
    expect(exportsWithoutExample(dir, node)).toEqual([]);
  });
  it('a wrong stated element fails, naming the line', async () => {
    const wrong = [
      "import { fromArray } from '@strata/data';",
      'await fromArray([1, 2, 3]).skip(1).toArray(); // => [1, 2]',
    ].join('\n');
    await expect(runExampleAsync(wrong, modules, { file: 'skip.ts', line: 5 })).rejects.toThrow(
      /^runExampleAsync: skip.ts:6: `await fromArray\(\[1, 2, 3\]\).skip\(1\).toArray\(\)` is \[2,3\], but the example states \[1, 2\]$/,
    );
  });
  it.each(collectExamples(dir))('$file:$line ($name) runs and its stated results hold', async (example) => {
    await expect(runExampleAsync(example.source, modules, example)).resolves.toBeUndefined();
  });
});
