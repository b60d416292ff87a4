import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectExamples } from './collect-examples.js';

const fence = '```';
const doc = (...lines: string[]) => ['/**', ' * Does a thing.', ' *', ...lines.map((l) => ` * ${l}`), ' */'];
const example = (...code: string[]) => ['@example', `${fence}ts`, ...code, fence];

describe('collectExamples', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-collect-'));
  afterAll(() => rmSync(dir, { recursive: true }));
  writeFileSync(
    join(dir, 'b.ts'),
    [
      ...doc(...example('const a = 1;', 'if (a) {', '  use(a);', '}')),
      'export function b() {}',
      ...doc(...example('two();')),
      'export function c() {}',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'a.ts'), [...doc(...example('one();')), 'export function a() {}'].join('\n'));
  const member = (line: string, code: string) => [...doc(...example(code)).map((l) => `  ${l}`), line];
  writeFileSync(
    join(dir, 'c.ts'),
    [
      ...doc(...example('new Box();')),
      'export class Box {',
      ...member('  get size(): number {', 'size();'),
      '    return 1;',
      '  }',
      ...member('  async fill<T>(x: T) {}', 'fill();'),
      '}',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'illustrative.ts'),
    [
      ...doc('@example', `${fence}ts no-run`, 'spawnWorkers();', fence),
      'export function illustrative() {}',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'plain.ts'), [...doc(), 'export function plain() {}'].join('\n'));
  writeFileSync(join(dir, 'a.test.ts'), [...doc(...example('skipped();'))].join('\n'));
  writeFileSync(join(dir, 'notes.md'), [...doc(...example('skipped();'))].join('\n'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'deep.ts'), [...doc(...example('skipped();'))].join('\n'));

  it('finds every ```ts block after @example in the folder’s own sources, in file-name order (```ts no-run blocks left out)', () => {
    // Lines: '/**', ' * Does a thing.', ' *', ' * @example', ' * ```ts', then the code (line 6).
    expect(collectExamples(dir)).toEqual([
      { file: 'a.ts', source: 'one();', line: 6, name: 'a' },
      // The comment's "* " is removed and the code's own indentation kept.
      { file: 'b.ts', source: 'const a = 1;\nif (a) {\n  use(a);\n}', line: 6, name: 'b' },
      // b's comment is lines 1-11 and 'export function b' line 12, so c's code starts at 12 + 6.
      { file: 'b.ts', source: 'two();', line: 18, name: 'c' },
      // An example on a member of an exported class is named Class.member.
      { file: 'c.ts', source: 'new Box();', line: 6, name: 'Box' },
      { file: 'c.ts', source: 'size();', line: 15, name: 'Box.size' },
      { file: 'c.ts', source: 'fill();', line: 26, name: 'Box.fill' },
    ]);
  });
});
