import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExample } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

const modules = { '@tensorflow/tfjs-core': tf, '@strata/core': core, '@strata/plugin-testkit': self };
const dir = fileURLToPath(new URL('.', import.meta.url));

describe('TSDoc examples', () => {
  it('every exported function has one', () => {
    expect(exportsWithoutExample(dir, self)).toEqual([]);
  });
  it.each(collectExamples(dir))('$file ($name) runs and its stated results hold', (example) => {
    expect(() => runExample(example.source, modules, example)).not.toThrow();
  });
});
