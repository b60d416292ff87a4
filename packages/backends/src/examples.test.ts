import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import { collectExamples, runExampleAsync } from '@strata/core/testing';
import * as cpu from '@tensorflow/tfjs-backend-cpu';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example of @strata/backends (its sources, gradients/ and kernels/) runs, one at a time,
// and each `expr; // => value` it states is checked. Examples import tfjs backends for their side
// effect; this file has imported them already.
const modules = {
  '@tensorflow/tfjs-core': tf,
  '@tensorflow/tfjs-backend-cpu': cpu,
  '@tensorflow/tfjs-backend-wasm': wasm,
  '@strata/core': core,
  '@strata/backends': self,
};
const folder = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const examples = [
  ...collectExamples(folder('.')),
  ...collectExamples(folder('./gradients/')),
  ...collectExamples(folder('./kernels/')),
];

describe('TSDoc examples', () => {
  afterAll(async () => {
    self.unregisterTrainingKernels();
    self.unregisterTrainingKernels({ backend: 'cpu' });
    await tf.setBackend('cpu');
  });
  it('a wrong stated result fails, naming the line', async () => {
    const wrong =
      "import { BACKEND_NAMES } from '@strata/backends';\nBACKEND_NAMES.includes('webgl2'); // => true";
    await expect(runExampleAsync(wrong, modules, { file: 'names.ts', line: 3 })).rejects.toThrow(
      "runExampleAsync: names.ts:4: `BACKEND_NAMES.includes('webgl2')` is false, but the example states true",
    );
  });
  it('every runtime export but BUILTIN_BACKENDS (a list of specs) has one', () => {
    const documented = new Set(examples.map((e) => e.name));
    const values = Object.entries(self)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    expect(values.filter((k) => !documented.has(k)).sort()).toEqual(['BUILTIN_BACKENDS']);
  });
  it.each(examples)('$file:$line ($name) runs and its stated results hold', async (example) => {
    await expect(runExampleAsync(example.source, modules, example)).resolves.toBeUndefined();
  });
});
