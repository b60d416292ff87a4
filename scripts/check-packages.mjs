// Checks that every workspace package has Strata's package shape, then runs publint on each.
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
  need(
    pkg.peerDependencies?.['@tensorflow/tfjs-core'] === '^4.22.0',
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
    const problems = shapeProblems(dir);
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
