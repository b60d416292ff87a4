// Doc-tests: every TypeScript block in docs/ and in each package's and plugin's README runs in Node as
// written (its backend setup included), its `expr; // => value` lines checked by core's runExampleAsync,
// and all of them typecheck under strict with module nodenext. A block that must not run says so in its
// info string (```ts no-run); every other TypeScript block that cannot run fails here.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importModule, runExampleAsync } from '../docs/doc-tests/import-module.js';
import { validateConfig } from '../packages/cli/src/config.js';
// @ts-expect-error: a plain ESM script without declarations
import { documentationBlocks } from './doc-blocks.mjs';
// @ts-expect-error: a plain ESM script without declarations
import { checkJsonBlock, checkShellBlock, workspacePackages } from './doc-commands.mjs';

interface Block {
  file: string;
  language: string;
  words: string[];
  code: string;
  line: number;
  typescript: boolean;
  run: boolean;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const blocks = documentationBlocks(root) as Block[];
const runnable = blocks.filter((b) => b.run);
const marked = blocks.filter((b) => b.typescript && !b.run);
const CHECKED = new Set(['sh', 'bash', 'json']);
const other = blocks.filter((b) => !b.typescript);
const checked = other.filter((b) => CHECKED.has(b.language) && !b.words.includes('no-run'));
const otherMarked = other.filter((b) => b.words.includes('no-run'));
console.log(
  `doc-tests: ${blocks.length} code blocks in ${new Set(blocks.map((b) => b.file)).size} files: ` +
    `${runnable.length} TypeScript blocks run and typechecked, ${marked.length} TypeScript blocks marked no-run, ` +
    `${checked.length} shell and JSON blocks checked against the repository, ${otherMarked.length} other blocks marked no-run`,
);

/** The specifiers a block imports, in order (`import … from 'm'` and `import 'm'`). */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/^\s*import\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?(['"])([^'"]+)\1/gm)) {
    if (!/^\s*import\s+type\s/.test(m[0])) found.add(m[2]!);
  }
  return [...found];
}

const name = (b: Block) => `${b.file}:${b.line}`;

describe('documentation code blocks', () => {
  it('finds the blocks, and every TypeScript block runs or carries the no-run marker', () => {
    expect(runnable.length).toBeGreaterThan(10);
    // A marked block is the exception: it must say why in the block or next to it.
    for (const b of marked) expect(b.words, name(b)).toContain('no-run');
  });

  it('checks every shell and JSON block against the repository, and every other block is marked no-run', () => {
    expect(checked.length).toBeGreaterThan(10);
    const unmarked = other.filter((b) => !CHECKED.has(b.language) && !b.words.includes('no-run')).map(name);
    expect(unmarked, 'blocks in a language the doc-tests cannot check: mark them `no-run`').toEqual([]);
    const packages = workspacePackages(root);
    const problems = checked.flatMap((b) =>
      b.language === 'json'
        ? [checkJsonBlock(b.code, validateConfig)].filter(Boolean).map((p) => `${name(b)}: ${p}`)
        : (checkShellBlock(root, b.file, b.code, packages) as string[]).map((p) => `${name(b)}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('sets up a backend in every block that uses tensors, as a reader copying it must', () => {
    // The test process has tfjs's cpu backend registered already, so a block that forgot its own would
    // still pass when run; this is where the "No backend found in registry" a reader would see is caught.
    const tensors = /from '@(strata\/(?!create-plugin)|tensorflow\/tfjs-core)/;
    const backend = /import '@tensorflow\/tfjs-backend-|\buseBackend\(|\bsetBackend\(/;
    const missing = runnable.filter((b) => tensors.test(b.code) && !backend.test(b.code)).map(name);
    expect(missing).toEqual([]);
  });

  it('typechecks every TypeScript block under strict with module nodenext', () => {
    // Written inside docs/, so that `@strata/*` resolves through the docs package's dependencies to the
    // built declarations a user's project would see.
    const dir = join(root, 'docs', '.doc-tests');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = runnable.map((b) => {
      const f = join(
        dir,
        `${b.file.replace(/[/.]/g, '_')}_${b.line}.${b.language.startsWith('j') ? 'mjs' : 'mts'}`,
      );
      // An import or export makes it a module even when the block has neither (top-level await).
      writeFileSync(f, `${b.code}\nexport {};\n`);
      return f;
    });
    const program = ts.createProgram(files, {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      typeRoots: [join(root, 'docs', 'node_modules', '@types')],
      // Plugins resolve to their built declarations in the workspace, as importModule resolves them.
      paths: { '@strata/plugin-*': [join(root, 'plugins', '*', 'dist', 'index.d.ts')] },
      skipLibCheck: true,
      noEmit: true,
      allowJs: true,
      checkJs: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const block = d.file ? runnable[files.indexOf(d.file.fileName)] : undefined;
      const at = block && where ? `${block.file}:${block.line + where.line}` : (d.file?.fileName ?? '');
      return `${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  }, 180_000);

  for (const b of runnable) {
    it(`runs ${name(b)}`, async () => {
      const modules: Record<string, unknown> = {};
      for (const spec of importsOf(b.code)) {
        expect(
          spec.startsWith('.'),
          `${name(b)} imports ${spec}, a file of the reader's; mark it no-run`,
        ).toBe(false);
        modules[spec] = await importModule(spec);
      }
      // Exports make sense in the reader's module; in the runner's function body they are declarations.
      const code = b.code.replace(/^export\s+(?=const|let|function|class|async)/gm, '');
      await runExampleAsync(code, modules, { file: b.file, line: b.line });
    }, 180_000);
  }
});
