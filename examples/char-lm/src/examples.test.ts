import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExampleAsync } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './char-lm.js';

// Every TSDoc @example of the example's module runs, and each `expr; // => value` it states is checked.
const modules = { '@tensorflow/tfjs-core': tf, '@strata/core': core, './char-lm.js': self };
const dir = fileURLToPath(new URL('.', import.meta.url));

describe('TSDoc examples', () => {
  it('every export has one', () => {
    expect(exportsWithoutExample(dir, self)).toEqual([]);
  });
  it.each(collectExamples(dir))('$file:$line ($name) runs and its stated results hold', async (example) => {
    await expect(runExampleAsync(example.source, modules, example)).resolves.toBeUndefined();
  });
});
