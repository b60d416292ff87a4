import { collectExamples, sourceFiles } from './collect-examples.js';

/**
 * The names in `moduleExports` (a package's `import * as self from './index.js'`) that lack a TSDoc
 * `@example`: no file directly in `dir` declares `export function <name>` (or `export const <name>`,
 * `export class <name>`), or that file has no
 * example (one public function per file, so the file's example is the function's). Empty when every
 * export is documented. Node only: it reads files.
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { exportsWithoutExample } from '@strata/core/testing';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'strata-examples-'));
 * writeFileSync(join(dir, 'one.ts'), '/** One. *' + '/\nexport function one() {\n  return 1;\n}\n');
 * const missing = exportsWithoutExample(dir, { one: () => 1 }); // ['one']
 * if (missing.join() !== 'one') throw new Error(`expected ['one'], got ${missing}`);
 * rmSync(dir, { recursive: true });
 * ```
 */
export function exportsWithoutExample(dir: string, moduleExports: object): string[] {
  const files = sourceFiles(dir);
  const withExample = new Set(collectExamples(dir).map((e) => e.file));
  return Object.keys(moduleExports).filter((name) => {
    const declares = new RegExp(
      `export (?:async )?function\\*? ?${name}[<(]|export const ${name}\\b|export (?:abstract )?class ${name}\\b`,
    );
    const found = files.find(({ text }) => declares.test(text));
    return !(found && withExample.has(found.file));
  });
}
