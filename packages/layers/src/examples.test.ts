import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExample } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example in this package runs, and each `expr; // => value` it states is checked.
const modules = { '@tensorflow/tfjs-core': tf, '@strata/core': core, '@strata/layers': self };
const dir = fileURLToPath(new URL('.', import.meta.url));
const initializers = fileURLToPath(new URL('./initializers/', import.meta.url));
const graph = fileURLToPath(new URL('./graph/', import.meta.url));
const save = fileURLToPath(new URL('./save/', import.meta.url));
const imports = fileURLToPath(new URL('./import/', import.meta.url));

describe('TSDoc examples', () => {
  it('every exported function has one, in this folder, initializers/, graph/, save/ or import/', () => {
    const exports: Record<string, unknown> = { ...self };
    const pick = (names: string[]) => Object.fromEntries(names.map((name) => [name, exports[name]]));
    const missing = exportsWithoutExample(dir, exports);
    const notInInitializers = exportsWithoutExample(initializers, pick(missing));
    const notInGraph = exportsWithoutExample(graph, pick(notInInitializers));
    const notInSave = exportsWithoutExample(save, pick(notInGraph));
    expect(exportsWithoutExample(imports, pick(notInSave))).toEqual([]);
  });
  it('a wrong stated shape fails', () => {
    const wrong = [
      "import { createRng } from '@strata/core';",
      "import { flatten } from '@strata/layers';",
      'flatten().init(createRng(0), [null, 3, 3, 64]).outputShape; // => [null, 567]',
    ].join('\n');
    expect(() => runExample(wrong, modules)).toThrow(/is \[null,576\], but the example states \[null, 567\]/);
  });
  it.each([
    ...collectExamples(dir),
    ...collectExamples(initializers),
    ...collectExamples(graph),
    ...collectExamples(save),
    ...collectExamples(imports),
  ])('$file ($name) runs and its stated results hold', (example) => {
    expect(() => runExample(example.source, modules, example)).not.toThrow();
  });
});
