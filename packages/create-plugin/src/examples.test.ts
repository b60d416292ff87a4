import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectExamples, exportsWithoutExample, runExample } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

const modules = { 'node:fs': fs, 'node:os': os, 'node:path': path, '@strata/create-plugin': self };
const dir = fileURLToPath(new URL('.', import.meta.url));

describe('TSDoc examples', () => {
  it('every exported function has one', () => {
    expect(exportsWithoutExample(dir, self)).toEqual([]);
  });
  it.each(collectExamples(dir))('$file ($name) runs and its stated results hold', (example) => {
    expect(() => runExample(example.source, modules, example)).not.toThrow();
  });
});
