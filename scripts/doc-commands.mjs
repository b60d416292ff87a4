// Checks the shell and JSON blocks of Strata's documentation against the repository, since they cannot
// run in a test: every `npm install` names published workspace packages and the peers they declare,
// every `npm run`/`pnpm` script exists, every file a command runs or reads is in the repository, and
// every JSON block parses (a CLI config also validates). Used by scripts/doc-tests.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The workspace's packages by name: whether published, and the packages each one declares. */
export function workspacePackages(root) {
  const packages = new Map();
  for (const group of ['packages', 'plugins']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      const declared = new Set(
        ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) =>
          Object.keys(pkg[k] ?? {}),
        ),
      );
      packages.set(pkg.name, { dir: join(group, name), published: pkg.private !== true, declared });
    }
  }
  return packages;
}

/** A file a command runs: present, or a built `dist/…js` whose `src/…ts` source is present. */
function repositoryFile(root, path) {
  if (existsSync(join(root, path))) return true;
  const source = path.replace(/(^|\/)dist\//, '$1src/').replace(/\.js$/, '.ts');
  return source !== path && existsSync(join(root, source));
}

/**
 * The problems of one shell block (an empty list when it checks out). `file` is the markdown file the
 * block is in: a package's README must install that package.
 */
export function checkShellBlock(root, file, code, packages = workspacePackages(root)) {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  const own = [...packages.values()].find((p) => file === join(p.dir, 'README.md'));
  const ownName = own && [...packages].find(([, p]) => p === own)[0];
  const problems = [];
  const created = new Set();
  for (const raw of code.split('\n')) {
    const line = raw
      .replace(/\s#.*$/, '')
      .replace(/^#.*$/, '')
      .trim();
    if (!line) continue;
    for (const command of line.split('&&').map((c) => c.trim())) {
      const words = command.split(/\s+/);
      const problem = checkCommand(root, words, { scripts, packages, ownName, created });
      if (problem) problems.push(`\`${command}\`: ${problem}`);
    }
  }
  return problems;
}

function checkCommand(root, words, { scripts, packages, ownName, created }) {
  const [tool, verb, ...rest] = words;
  if (tool === 'npm' && (verb === 'install' || verb === 'i') && rest.length > 0) {
    const names = rest.filter((w) => !w.startsWith('-'));
    const strata = names.filter((n) => packages.has(n));
    // A tfjs backend beside any package: the ones @strata/backends declares (runs, or loads by name).
    const backends = [...(packages.get('@strata/backends')?.declared ?? [])].filter((n) =>
      /^@tensorflow\/tfjs-(backend-|node)/.test(n),
    );
    for (const n of names) {
      const pkg = packages.get(n);
      if (pkg && !pkg.published) return `${n} is private (not published)`;
      if (!pkg && !backends.includes(n) && !strata.some((s) => packages.get(s).declared.has(n))) {
        return `${n} is neither a Strata package, a tfjs backend, nor declared by ${strata.join(', ') || 'any package named'}`;
      }
    }
    if (ownName && !names.includes(ownName)) return `the README of ${ownName} does not install it`;
    return null;
  }
  if (tool === 'npm' && verb === 'install') return null; // in a generated project: its own manifest
  if (tool === 'npm' && (verb === 'test' || verb === 'run')) {
    const script = verb === 'test' ? 'test' : rest[0];
    // After `cd` into a project the block created, scripts are that project's (create-plugin's template).
    if (created.size > 0) return null;
    return script in scripts ? null : `no root script '${script}'`;
  }
  if (tool === 'pnpm' && verb && !verb.startsWith('-')) {
    return verb in scripts ? null : `no root script '${verb}'`;
  }
  if (tool === 'npm' && verb === 'create') {
    const [scope, name] = (rest[0] ?? '').split('/');
    const creator = name ? `${scope}/create-${name}` : `create-${scope}`;
    if (!packages.get(creator)?.published) return `${creator} is not a published Strata package`;
    if (rest[1]) created.add(rest[1]);
    return null;
  }
  if (tool === 'cd') return created.has(verb) ? null : `${verb} is not a folder this block creates`;
  if (tool === 'node' || (tool === 'npx' && verb === 'tsx')) {
    const args = tool === 'node' ? [verb, ...rest] : rest;
    const script = args.find((a) => /\.(m?js|m?ts)$/.test(a));
    if (!script || !repositoryFile(root, script))
      return `runs ${script ?? 'no script'}, not in the repository`;
    const plugin = args[args.indexOf('--plugin') + 1];
    if (args.includes('--plugin') && !packages.get(plugin)?.published)
      return `--plugin ${plugin} is not a Strata package`;
    for (const file of args.filter((a) => a.endsWith('.json'))) {
      if (!existsSync(join(root, file))) return `reads ${file}, not in the repository`;
    }
    return null;
  }
  return 'not a command the doc-tests check: mark the block `no-run` (and say why next to it)';
}

/** The problem of one JSON block, or null: it must parse, and a training config must validate. */
export function checkJsonBlock(code, validateConfig) {
  let value;
  try {
    value = JSON.parse(code);
  } catch (error) {
    return `does not parse: ${error.message}`;
  }
  if (value && typeof value === 'object' && 'model' in value && 'dataset' in value) {
    try {
      validateConfig(value, 'documentation block');
    } catch (error) {
      return `is not a valid training config: ${error.message}`;
    }
  }
  return null;
}
