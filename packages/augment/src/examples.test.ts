import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExample } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example in this package runs, and each `expr; // => value` it states is checked.
const modules = { '@tensorflow/tfjs-core': tf, '@strata/core': core, '@strata/augment': self };
const dir = fileURLToPath(new URL('.', import.meta.url));
// The text augmentations live in text/; both folders' files document the package's exports.
const textDir = fileURLToPath(new URL('./text/', import.meta.url));

describe('TSDoc examples', () => {
  it('every exported function has one', () => {
    const inText = new Set(exportsWithoutExample(textDir, self));
    expect(exportsWithoutExample(dir, self).filter((name) => inText.has(name))).toEqual([]);
  });
  it.each([...collectExamples(dir), ...collectExamples(textDir)])(
    '$file ($name) runs and its stated results hold',
    (example) => {
      expect(() => runExample(example.source, modules, example)).not.toThrow();
    },
  );
});
