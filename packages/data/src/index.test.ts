import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as node from './node.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module specifier reachable from `entry` through relative imports, by file. */
function imports(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  // Block comments hold TSDoc examples, which may import Node modules to build their inputs.
  const source = readFileSync(join(here, entry), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const specifiers = [...source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!);
  seen.set(entry, specifiers);
  for (const s of specifiers) if (s.startsWith('./')) imports(s.slice(2).replace(/\.js$/, '.ts'), seen);
  return seen;
}

describe('entry points', () => {
  it('keeps the main entry free of Node built-ins, so browser bundles work', () => {
    const graph = imports('index.ts');
    expect(graph.has('dataset.ts') && graph.has('read-idx.ts')).toBe(true);
    const builtins = new Set(builtinModules);
    for (const [file, specifiers] of graph) {
      const offending = specifiers.filter((s) => s.startsWith('node:') || builtins.has(s));
      expect({ file, offending }).toEqual({ file, offending: [] });
    }
    // The node entry is where they live.
    expect([...imports('node.ts').values()].flat().some((s) => s.startsWith('node:'))).toBe(true);
  });

  it('exports the API from the entries the package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
    expect(pkg.exports['./node']['strata-source']).toBe('./src/node.ts');
    for (const name of [
      'Dataset',
      'fromArray',
      'fromGenerator',
      'zip',
      'collate',
      'readIdx',
      'holdout',
      'mnistFromArrays',
      'deriveSeed',
      'concat',
      'parseCsv',
      'fromCsv',
      'fromJsonLines',
      'fromTextLines',
      'readIdxGzip',
      'kFold',
      'stratifiedKFold',
      'groupKFold',
      'featureSpace',
      'loadFeatureSpace',
    ]) {
      expect(typeof (main as Record<string, unknown>)[name]).toBe('function');
    }
    for (const name of [
      'mnist',
      'mnistArrays',
      'readIdxFile',
      'fromCsvFile',
      'fromJsonLinesFile',
      'fromTextLinesFile',
    ]) {
      expect(typeof (node as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
