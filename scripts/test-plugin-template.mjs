#!/usr/bin/env node
// `pnpm test:plugin-template`: what a plugin author does, from outside the workspace. Packs Strata's
// packages as tarballs (`pnpm pack`, so workspace links become real versions), generates a plugin
// from the packed `@strata/create-plugin` in a temporary folder, installs the tarballs there with npm
// (no workspace links), then typechecks it and runs its conformance test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// What the generated plugin imports, and what those import in turn.
const PACKAGES = ['core', 'backends', 'layers', 'plugin-testkit', 'create-plugin'];

const run = (command, args, cwd) => {
  console.log(`$ ${command} ${args.join(' ')}   (in ${cwd})`);
  execFileSync(command, args, { cwd, stdio: 'inherit' });
};

const work = mkdtempSync(join(tmpdir(), 'strata-plugin-template-'));
let failed = false;
try {
  run('pnpm', ['turbo', 'run', 'build', ...PACKAGES.map((p) => `--filter=@strata/${p}`)], root);
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const p of PACKAGES) run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', p));
  const tarballOf = (name) => {
    const file = readdirSync(tarballs).find((f) => f.startsWith(`strata-${name}-`) && f.endsWith('.tgz'));
    if (!file) throw new Error(`no tarball for @strata/${name} in ${tarballs}`);
    return join(tarballs, file);
  };

  // The generator as npm would run it: from its own tarball, template included.
  const generator = join(work, 'generator');
  mkdirSync(generator);
  run('tar', ['-xzf', tarballOf('create-plugin'), '-C', generator], work);
  const plugin = join(work, 'strata-plugin-demo');
  run('node', [join(generator, 'package', 'dist', 'bin.js'), plugin], work);

  // Every @strata package from its tarball, for the plugin and for what its dependencies need.
  const pkgFile = join(plugin, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const local = Object.fromEntries(
    PACKAGES.filter((p) => p !== 'create-plugin').map((p) => [`@strata/${p}`, `file:${tarballOf(p)}`]),
  );
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(pkg[field] ?? {})) if (local[name]) pkg[field][name] = local[name];
  }
  pkg.overrides = local;
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], plugin);
  run('npx', ['tsc', '--noEmit'], plugin);
  run('npx', ['vitest', 'run'], plugin);
  console.log('\nplugin template: generated, installed from tarballs, typechecked, conformance suite passed');
} catch (error) {
  failed = true;
  console.error(`\nplugin template test failed: ${error.message}`);
} finally {
  if (!process.env.KEEP_PLUGIN_TEMPLATE) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
process.exitCode = failed ? 1 : 0;
