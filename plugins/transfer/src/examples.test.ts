import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExample } from '@strata/core/testing';
import * as layers from '@strata/layers';
import * as optim from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example in this package runs with its imports bound to the real modules.
const modules = {
  '@tensorflow/tfjs-core': tf,
  '@strata/core': core,
  '@strata/layers': layers,
  '@strata/optim': optim,
  '@strata/plugin-transfer': self,
};
const dir = fileURLToPath(new URL('.', import.meta.url));

describe('TSDoc examples', () => {
  it('every exported function has one', () => {
    expect(exportsWithoutExample(dir, self)).toEqual([]);
  });
  it.each(collectExamples(dir))('$file ($name) runs and its stated results hold', (example) => {
    expect(() => runExample(example.source, modules, example)).not.toThrow();
  });
});
