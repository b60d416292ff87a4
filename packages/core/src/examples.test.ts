import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import * as testing from './testing/index.js';

// Every TSDoc @example in core's sources and its testing entry runs (through runExampleAsync, which
// runs synchronous examples as well as those that await), one at a time. (Not every export of the main
// entry has one yet; the testing entry's exports all do.)
const modules = {
  '@tensorflow/tfjs-core': tf,
  '@strata/core': core,
  '@strata/core/testing': testing,
  'node:fs': fs,
  'node:os': os,
  'node:path': path,
};
const dir = fileURLToPath(new URL('.', import.meta.url));
const testingDir = path.join(dir, 'testing');

describe('TSDoc examples', () => {
  it('every export of @strata/core/testing has one', () => {
    expect(testing.exportsWithoutExample(testingDir, testing)).toEqual([]);
  });
  it('every export of the shared vocabulary has one', () => {
    const { formatShape, sameShape, resolveRate, assertRate, zipTrees } = core;
    const vocabulary = { formatShape, sameShape, resolveRate, assertRate, zipTrees };
    expect(testing.exportsWithoutExample(dir, vocabulary)).toEqual([]);
  });
  it.each([...testing.collectExamples(dir), ...testing.collectExamples(testingDir)])(
    '$file ($name) runs and its stated results hold',
    async (example) => {
      await expect(testing.runExampleAsync(example.source, modules, example)).resolves.toBeUndefined();
    },
  );
});
