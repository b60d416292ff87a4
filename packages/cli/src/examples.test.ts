import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, runExampleAsync } from '@strata/core/testing';
import * as data from '@strata/data';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example of @strata/cli (its sources and entries/) runs, one at a time, and each
// `expr; // => value` it states is checked.
const modules = {
  '@tensorflow/tfjs-core': tf,
  '@strata/core': core,
  '@strata/data': data,
  '@strata/cli': self,
};
const examples = [
  ...collectExamples(fileURLToPath(new URL('.', import.meta.url))),
  ...collectExamples(fileURLToPath(new URL('./entries/', import.meta.url))),
];

describe('TSDoc examples', () => {
  it('strataPlugin, entryOptions, parseCli, errorReport and selectClasses have one', () => {
    expect(examples.map((e) => e.name).sort()).toEqual([
      'entryOptions',
      'errorReport',
      'parseCli',
      'selectClasses',
      'strataPlugin',
    ]);
  });
  it('a wrong stated entry name fails, naming the line', async () => {
    const wrong = [
      "import { createRegistry } from '@strata/core';",
      "import { strataPlugin } from '@strata/cli';",
      "createRegistry().use(strataPlugin()).create('strata/mlp', {}).name; // => 'cnn'",
    ].join('\n');
    await expect(runExampleAsync(wrong, modules, { file: 'plugin.ts', line: 1 })).rejects.toThrow(
      /^runExampleAsync: plugin.ts:3: `createRegistry\(\)\.use\(strataPlugin\(\)\)\.create\('strata\/mlp', \{\}\)\.name` is 'mlp', but the example states 'cnn'$/,
    );
  });
  it.each(examples)('$file:$line ($name) runs and its stated results hold', async (example) => {
    await expect(runExampleAsync(example.source, modules, example)).resolves.toBeUndefined();
  });
});
