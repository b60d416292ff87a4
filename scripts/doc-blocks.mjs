// Finds the code blocks of Strata's documentation: every fenced block in docs/**/*.md (the generated
// API reference aside: its examples run in each package's examples.test.ts) and in each package's and
// plugin's README. Used by the doc-tests (scripts/doc-tests.test.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The info-string word that keeps a block from running; the reason follows it in prose nearby. */
export const NO_RUN = 'no-run';
const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript', 'mts']);

function markdownUnder(dir, skip) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip.has(name)) continue;
    if (statSync(path).isDirectory()) out.push(...markdownUnder(path, skip));
    else if (name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** The documentation files whose blocks the doc-tests cover, relative to `root`, sorted. */
export function documentationFiles(root) {
  const files = markdownUnder(
    join(root, 'docs'),
    new Set(['node_modules', 'api', '.vitepress', '.doc-tests', 'performance.md']),
  );
  for (const group of ['packages', 'plugins']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const readme = join(dir, name, 'README.md');
      if (existsSync(readme)) files.push(readme);
    }
  }
  return files.map((f) => relative(root, f)).sort();
}

/**
 * The fenced blocks of one markdown text: language, the words after it, the code and the line of its
 * first code line (1-based). `run` is true for TypeScript/JavaScript blocks without the no-run marker.
 */
export function codeBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(lines[k]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const body = [];
    let j = k + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      j++;
    }
    const words = rest.split(/\s+/).filter(Boolean);
    const language = lang.toLowerCase();
    const typescript = RUNNABLE.has(language);
    blocks.push({
      language,
      words,
      code: body.join('\n'),
      line: k + 2,
      typescript,
      run: typescript && !words.includes(NO_RUN),
    });
    k = j;
  }
  return blocks;
}

/** Every block of every documentation file under `root`, with the file it is in. */
export function documentationBlocks(root) {
  return documentationFiles(root).flatMap((file) =>
    codeBlocks(readFileSync(join(root, file), 'utf8')).map((b) => ({ file, ...b })),
  );
}
