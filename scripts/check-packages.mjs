// Checks that every workspace package has Strata's package shape, that concept packages do not depend
// on each other, and that its tarball (`npm pack --dry-run`) holds no build state or test support; then
// runs publint on each.
// Usage: node scripts/check-packages.mjs [dir ...]   (default: packages/* and plugins/*)
// Exits 1 and names each problem when a package breaks the shape.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function shapeProblems(dir) {
  const problems = [];
  const need = (ok, what) => {
    if (!ok) problems.push(what);
  };
  const read = (f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : null);
  const raw = read('package.json');
  if (raw === null) return ['package.json is missing'];
  const pkg = JSON.parse(raw);
  const base = dir.split('/').pop();
  const scope = dir.startsWith('plugins') ? '@strata/plugin-' : '@strata/';
  need(pkg.name === `${scope}${base}`, `name must be "${scope}${base}", got ${JSON.stringify(pkg.name)}`);
  need(pkg.type === 'module', '"type" must be "module"');
  need(pkg.sideEffects === false, '"sideEffects" must be false (nothing registers itself on import)');
  const root = pkg.exports?.['.'];
  need(root && typeof root === 'object', 'an "exports" map with a "." entry is required');
  if (root && typeof root === 'object') {
    need(root.types === './dist/index.d.ts', 'exports["."].types must be "./dist/index.d.ts"');
    need(
      root['strata-source'] === './src/index.ts',
      'exports["."]["strata-source"] must be "./src/index.ts"',
    );
    need(
      typeof root.default === 'string' || typeof root.import === 'string',
      'exports["."] needs "default" or "import"',
    );
    need(
      Object.keys(root)[0] === 'strata-source' || Object.keys(root)[0] === 'types',
      'conditions come before "default"',
    );
  }
  need(Array.isArray(pkg.files) && pkg.files.includes('dist'), '"files" must list "dist"');
  // A package that never touches tensors (the plugin generator) has no engine to share.
  const usesTensors = pkg.name !== '@strata/create-plugin';
  need(
    !usesTensors || pkg.peerDependencies?.['@tensorflow/tfjs-core'] === '^4.22.0',
    'peerDependencies must have "@tensorflow/tfjs-core": "^4.22.0"',
  );
  need(
    !pkg.dependencies?.['@tensorflow/tfjs-core'],
    '@tensorflow/tfjs-core must not be a dependency (two copies mean two engines)',
  );
  for (const [dep, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    if (dep.startsWith('@strata/'))
      need(range === 'workspace:^', `internal dependency ${dep} must be "workspace:^", got "${range}"`);
  }
  need(read('README.md') !== null, 'README.md is missing');
  need(read('tsconfig.json') !== null, 'tsconfig.json is missing');
  need(read('src/index.ts') !== null, 'src/index.ts is missing');
  return problems;
}

/** The packages that meet only through @strata/core's contracts (docs/architecture.md). */
export const CONCEPT_PACKAGES = [
  'backends',
  'data',
  'augment',
  'layers',
  'losses',
  'optim',
  'regularize',
  'metrics',
].map((n) => `@strata/${n}`);

/** A concept package may depend on @strata/core, never on another concept package. */
export function dependencyProblems(pkg) {
  if (!CONCEPT_PACKAGES.includes(pkg.name)) return [];
  const problems = [];
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const dep of Object.keys(pkg[field] ?? {})) {
      if (CONCEPT_PACKAGES.includes(dep) && dep !== pkg.name) {
        problems.push(
          `${pkg.name} has ${dep} in ${field}; concept packages depend on @strata/core only (move the shared part to core, or compose them in train, cli or a plugin)`,
        );
      }
    }
  }
  return problems;
}

/**
 * Why a path may not ship in a tarball, or null when it may: build state (`*.tsbuildinfo`) and test
 * support (tests `*.test.*`, type tests `*.test-d.ts`, helpers `*.test-util.*` or any other
 * `*.test-<kind>.*`, and fixtures).
 */
export function shippedFileProblem(path) {
  const base = path.split('/').pop();
  const helper = 'name test helpers *.test-util.ts, which "files" excludes';
  if (base.endsWith('.tsbuildinfo')) return 'TypeScript build state; exclude "!**/*.tsbuildinfo" in "files"';
  if (/\.test-util\./.test(base)) return 'a test helper; exclude "!**/*.test-util.*" in "files"';
  if (/\.test-d\./.test(base)) return 'a type test; exclude "!**/*.test-d.ts" in "files"';
  if (/\.test\.util\./.test(base)) return `a test helper; ${helper}`;
  if (/\.test\./.test(base)) return 'a test; exclude "!**/*.test.*" in "files"';
  if (/\.test-[\w-]+\./.test(base)) return `test support; ${helper}`;
  if (path.split('/').some((part) => /^fixtures?$/.test(part)) || /\bfixtures?\b/.test(base)) {
    return 'a test fixture; exclude "!**/fixtures" in "files", or name it *.test-util.ts';
  }
  return null;
}

/** Problems with the files a package's tarball would hold (the `path`s npm pack lists). */
export function tarballProblems(name, files) {
  return files.flatMap((path) => {
    const why = shippedFileProblem(path);
    return why === null ? [] : [`${name}'s tarball holds ${path}: ${why}`];
  });
}

/** The paths `npm pack` would put in the package's tarball (nothing is written or run). */
export function packedFiles(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  return JSON.parse(out)[0].files.map((f) => f.path);
}

/** The repository every published package names (package.json `repository`, README links). */
export const REPOSITORY = 'https://github.com/strata-ml/strata';

/**
 * What an npm page needs of a published package: `engines`, `repository` (this repository, with the
 * package's folder) and `homepage` in package.json; a README with the install line (the package with
 * tfjs-core, its peer) and no relative links, which point outside the tarball on npm.
 */
export function publishProblems(dir, pkg, readme) {
  if (pkg.private) return [];
  const problems = [];
  const need = (ok, what) => {
    if (!ok) problems.push(what);
  };
  need(typeof pkg.engines?.node === 'string', '"engines": { "node": ">=20.19" } is required');
  // The folder in the repository: the last two parts of `dir` (packages/x, plugins/x), however given.
  const folder = dir.replace(/\/+$/, '').split('/').slice(-2).join('/');
  need(
    pkg.repository?.url === `git+${REPOSITORY}.git` && pkg.repository?.directory === folder,
    `"repository" must be { "type": "git", "url": "git+${REPOSITORY}.git", "directory": "${folder}" }`,
  );
  need(
    typeof pkg.homepage === 'string' && pkg.homepage.startsWith('https://'),
    '"homepage" must be an https address (the docs site or the package folder in the repository)',
  );
  if (readme !== null) {
    const install =
      pkg.name === '@strata/create-plugin' ? 'npm create @strata/plugin' : `npm install ${pkg.name}`;
    need(readme.includes(install), `README.md must show how to install it (\`${install} …\`)`);
    for (const m of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      need(
        /^(https?:|mailto:|#)/.test(target),
        `README.md links to ${target}, which npm cannot follow; link to ${REPOSITORY}/blob/main/… or the docs site`,
      );
    }
  }
  return problems;
}

/** Every problem of the package in `dir`: shape, concept dependencies and tarball contents. */
export function packageProblems(dir) {
  const problems = shapeProblems(dir);
  if (!existsSync(join(dir, 'package.json'))) return problems;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  problems.push(...dependencyProblems(pkg));
  const readme = join(dir, 'README.md');
  problems.push(...publishProblems(dir, pkg, existsSync(readme) ? readFileSync(readme, 'utf8') : null));
  try {
    problems.push(...tarballProblems(pkg.name, packedFiles(dir)));
  } catch (e) {
    problems.push(`npm pack --dry-run failed: ${String(e.stderr ?? e.message).trim()}`);
  }
  return problems;
}

function workspaceDirs() {
  return ['packages', 'plugins']
    .filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d).map((n) => join(d, n)))
    .filter((d) => existsSync(join(d, 'package.json')));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.length > 2 ? process.argv.slice(2) : workspaceDirs();
  let failed = false;
  for (const dir of dirs) {
    const problems = packageProblems(dir);
    if (problems.length === 0) {
      try {
        execFileSync(join('node_modules', '.bin', 'publint'), ['--strict', dir], { stdio: 'pipe' });
      } catch (e) {
        problems.push(`publint: ${String(e.stdout ?? '') + String(e.stderr ?? '')}`.trim());
      }
    }
    if (problems.length > 0) {
      failed = true;
      console.error(`✗ ${dir}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    } else console.log(`✓ ${dir}`);
  }
  process.exit(failed ? 1 : 0);
}
