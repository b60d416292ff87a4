import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CreatePluginOptions {
  /** The npm package name. Default: the folder's name. */
  readonly name?: string;
  /** The registry namespace its ids live under (`<namespace>/scale`). Default: from the name. */
  readonly namespace?: string;
  /** The semver range of Strata packages it works with. Default: this package's own `^version`. */
  readonly strata?: string;
}

// npm's rules for a package name (lower case, URL-safe, optionally scoped), and Strata's for a namespace.
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const NAMESPACE = /^[a-z][a-z0-9-]*$/;

const templateDir = () => fileURLToPath(new URL('../template/', import.meta.url));

function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
  return pkg.version as string;
}

/** `strata-plugin-gan` → `gan`, `@acme/strata-plugin-vision` → `vision`. */
function namespaceFrom(name: string): string {
  return basename(name)
    .replace(/^strata-plugin-/, '')
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^[^a-z]+/, '');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Writes a ready plugin package into `dir` (which must be missing or empty): one example layer
 * (`<namespace>/scale`), one example architecture (`<namespace>/mlp`), a test that runs
 * `@strata/plugin-testkit`'s conformance suite over both, a README, TypeScript and changeset config.
 * Returns the files written, relative to `dir`. What `npm create @strata/plugin <dir>` runs.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createPlugin } from '@strata/create-plugin';
 *
 * const dir = join(mkdtempSync(join(tmpdir(), 'plugin-')), 'strata-plugin-vision');
 * const files = createPlugin(dir);
 * files.includes('src/index.test.ts'); // => true
 * JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name; // => 'strata-plugin-vision'
 * readFileSync(join(dir, 'src/index.ts'), 'utf8').includes("namespace: 'vision'"); // => true
 * ```
 */
export function createPlugin(dir: string, options: CreatePluginOptions = {}): string[] {
  const target = resolve(dir);
  const name = options.name ?? basename(target);
  const label = 'createPlugin';
  if (!PACKAGE_NAME.test(name)) {
    throw new Error(
      `${label}: '${name}' is not a valid npm package name (lower case, no spaces); pass --name`,
    );
  }
  const namespace = options.namespace ?? namespaceFrom(name);
  if (!NAMESPACE.test(namespace)) {
    throw new Error(
      `${label}: namespace '${namespace}' must start with a letter and hold only a-z, 0-9 and '-'; pass --namespace`,
    );
  }
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Error(`${label}: ${target} is not empty; choose a new folder`);
  }
  const strata = options.strata ?? `^${ownVersion()}`;
  const source = templateDir();
  const written: string[] = [];
  for (const file of filesUnder(source)) {
    // Names the package's `files` would drop (dotfiles, `*.test.*`) are spelled otherwise in the template.
    const rel = relative(source, file)
      .replace(/\.tmpl$/, '')
      .replace(/^gitignore$/, '.gitignore')
      .replace(/-test\.ts$/, '.test.ts');
    const text = readFileSync(file, 'utf8')
      .replaceAll('__NAMESPACE__', namespace)
      .replaceAll('__NAME__', name)
      .replaceAll('__STRATA_RANGE__', strata);
    mkdirSync(dirname(join(target, rel)), { recursive: true });
    writeFileSync(join(target, rel), text);
    written.push(rel.split('\\').join('/'));
  }
  return written.sort();
}
