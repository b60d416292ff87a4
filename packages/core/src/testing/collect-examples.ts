import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One TSDoc `@example` code block, and the file it was found in. */
export interface TsdocExample {
  /** The file's name within the folder, e.g. `adam.ts`. */
  readonly file: string;
  /** The code between the ```ts fences, with the comment's leading `* ` removed. */
  readonly source: string;
  /** The line in the file of the code's first line (1-based), for messages. */
  readonly line: number;
  /**
   * The name of the first export declared after the comment (`''` when none is), or `Class.method` for
   * a comment on a member of an exported class, for messages.
   */
  readonly name: string;
}

/** The TypeScript sources directly in `dir` (not its subfolders), tests left out, in name order. */
export function sourceFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.includes('.test'))
    .map((e) => e.name)
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

/** The first export declared in `after`, or `''`. */
function exportName(after: string): string {
  const declared =
    /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|(?:abstract\s+)?class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/m.exec(
      after,
    );
  return declared?.[1] ?? '';
}

/**
 * `Class.member` when the comment (its text before is `before`, after its example `after`) documents an
 * indented member of the last class exported before it, so that messages name the method.
 */
function memberName(before: string, after: string): string | undefined {
  const documented = /^[\s\S]*?\*\/[ \t]*\n([^\n]*)/.exec(after)?.[1] ?? '';
  const member =
    /^[ \t]+(?:(?:public|static|async|get|set|readonly)\s+)*\*?\s*([A-Za-z_$][\w$]*)\s*[<(]/.exec(documented);
  const classes = Array.from(before.matchAll(/^export\s+(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/gm));
  const owner = classes.at(-1)?.[1];
  return member && owner ? `${owner}.${member[1]}` : undefined;
}

/**
 * Every TSDoc `@example` written as a ```ts block in the TypeScript files directly in `dir` (test
 * files left out), so a package's tests can run each one with `runExample`. Node only: it reads files.
 *
 * An example that cannot run in a test (it spawns worker threads from a module file, reads a user's
 * files) is fenced ```ts no-run: the docs still show it as TypeScript, and it is not collected. Use it
 * sparingly, beside a runnable example of the same export.
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { collectExamples } from '@strata/core/testing';
 *
 * const fence = '`'.repeat(3);
 * const dir = mkdtempSync(join(tmpdir(), 'strata-examples-'));
 * const doc = ['/**', ' * @example', ` * ${fence}ts`, ' * const two = 1 + 1;', ` * ${fence}`, ' *' + '/'];
 * writeFileSync(join(dir, 'two.ts'), [...doc, 'export function two() {}'].join('\n'));
 * const found = collectExamples(dir);
 * found.map(({ file, source, line, name }) => [file, source, line, name]); // => [['two.ts', 'const two = 1 + 1;', 4, 'two']]
 * rmSync(dir, { recursive: true });
 * ```
 */
export function collectExamples(dir: string): TsdocExample[] {
  return sourceFiles(dir).flatMap(({ file, text }) =>
    Array.from(text.matchAll(/@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g), (m) => {
      const start = m.index + m[0].indexOf('```ts\n') + '```ts\n'.length;
      const after = text.slice(m.index + m[0].length);
      return {
        file,
        source: m[1]!.replace(/^\s*\* ?/gm, ''),
        line: text.slice(0, start).split('\n').length,
        name: memberName(text.slice(0, m.index), after) ?? exportName(after),
      };
    }),
  );
}
