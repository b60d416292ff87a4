import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as self from './index.js';

// Every TSDoc @example in this package runs: its imports are bound to the real modules, it is
// transpiled by TypeScript and run inside tf.tidy (so an example that leaks still leaves none here).
const modules: Record<string, unknown> = {
  '@tensorflow/tfjs-core': tf,
  '@strata/core': core,
  '@strata/metrics': self,
};
const dir = fileURLToPath(new URL('.', import.meta.url));

function examples(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('.test'))) {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    for (const m of text.matchAll(/@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)) {
      out.push([file, m[1]!.replace(/^\s*\* ?/gm, '')]);
    }
  }
  return out;
}

function run(source: string): void {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = js
    .replace(/import \* as (\w+) from '([^']+)';/g, "const $1 = modules['$2'];")
    .replace(/import \{([^}]*)\} from '([^']+)';/g, "const {$1} = modules['$2'];");
  tf.tidy(() => {
    new Function('modules', body)(modules);
  });
}

describe('TSDoc examples', () => {
  const found = examples();
  it('every exported function has one', () => {
    const withExample = new Set(found.map(([f]) => f));
    for (const name of Object.keys(self)) {
      const file = readdirSync(dir).find((f) =>
        readFileSync(`${dir}/${f}`, 'utf8').match(new RegExp(`export function ${name}[<(]`)),
      );
      expect(file && withExample.has(file), `${name} has an @example`).toBe(true);
    }
  });
  it('a broken example fails', () => {
    expect(() => run("import { missing } from '@strata/metrics';\nmissing();")).toThrow();
  });
  it.each(found)('%s runs', (_file, source) => {
    expect(() => run(source)).not.toThrow();
  });
});
