import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as backends from '@strata/backends';
import * as core from '@strata/core';
import { collectExamples, exportsWithoutExample, runExampleAsync } from '@strata/core/testing';
import * as data from '@strata/data';
import * as layers from '@strata/layers';
import * as losses from '@strata/losses';
import * as metrics from '@strata/metrics';
import * as optim from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example of @strata/train (its sources and parallel/) runs, one at a time, and each
// `expr; // => value` it states is checked. `fit` examples train for real, on the cpu backend.
const modules = {
  '@tensorflow/tfjs-core': tf,
  '@strata/backends': backends,
  '@strata/core': core,
  '@strata/data': data,
  '@strata/layers': layers,
  '@strata/losses': losses,
  '@strata/metrics': metrics,
  '@strata/optim': optim,
  '@strata/train': self,
  'node:fs': fs,
  'node:os': os,
  'node:path': path,
};
const dir = fileURLToPath(new URL('.', import.meta.url));
const parallelDir = fileURLToPath(new URL('./parallel/', import.meta.url));
const examples = [...collectExamples(dir), ...collectExamples(parallelDir)];

// Exports that have no example yet (issue 10): the list may only shrink.
const NOT_YET = [
  'knownLength',
  'disposeDeep',
  'evaluate',
  'predict',
  'formatEpoch',
  'progressBar',
  'recordMetrics',
  'deserializeTree',
  'serializeTree',
  'trainStep',
];

describe('TSDoc examples', () => {
  it('fit, supervisedStep and defineWorkerSetup have one; the exports without one are the known list', () => {
    const documented = examples.map((e) => e.name);
    expect(documented).toEqual(expect.arrayContaining(['fit', 'supervisedStep', 'defineWorkerSetup']));
    const missing = [...exportsWithoutExample(dir, self), ...exportsWithoutExample(parallelDir, self)];
    // An export counts as documented when either folder documents it.
    const withoutAny = Object.keys(self).filter((name) => missing.filter((m) => m === name).length === 2);
    expect(withoutAny.sort()).toEqual([...NOT_YET].sort());
  });

  it('a fit example whose stated loss is wrong fails, naming the line', async () => {
    const wrong = [
      "import { fromArray } from '@strata/data';",
      "import { dense, zeros } from '@strata/layers';",
      "import { meanSquaredError } from '@strata/losses';",
      "import { sgd } from '@strata/optim';",
      "import { fit } from '@strata/train';",
      'const data = fromArray([{ x: new Float32Array([1]), y: new Float32Array([3]) }]).batch(1);',
      'const model = dense({ units: 1, kernelInitializer: zeros() });',
      'const { history } = await fit({ model, inputShape: [null, 1], loss: meanSquaredError(), optimizer: sgd({ learningRate: 0.1 }), data, epochs: 1 });',
      // (0 - 3)² = 9, not 8.
      'history[0]!.loss; // => 8.0',
    ].join('\n');
    await expect(runExampleAsync(wrong, modules, { file: 'fit.ts', line: 1, name: 'fit' })).rejects.toThrow(
      'runExampleAsync: fit.ts:9 (fit): `history[0]!.loss` is 9, but the example states 8.0',
    );
  });

  it.each(examples)('$file:$line ($name) runs and its stated results hold', async (example) => {
    await expect(runExampleAsync(example.source, modules, example)).resolves.toBeUndefined();
  });
});
