import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExample } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example in this package runs: its imports are bound to the real modules, it is
// transpiled by TypeScript and run inside tf.tidy (so an example that leaks still leaves none here).
const modules = {
  '@tensorflow/tfjs-core': tf,
  '@strata/core': core,
  '@strata/plugin-gan': self,
  'node:fs': await import('node:fs'),
  'node:os': await import('node:os'),
  'node:path': await import('node:path'),
};
const dir = fileURLToPath(new URL('.', import.meta.url));

describe('TSDoc examples', () => {
  it('every exported function has one', () => {
    expect(exportsWithoutExample(dir, self)).toEqual([]);
  });
  // A line `expr; // => value` is checked against the value; a failure names the file, line and export.
  it.each(collectExamples(dir))('$file ($name) runs and its stated results hold', (example) => {
    expect(() => runExample(example.source, modules, example)).not.toThrow();
  });
});
