import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '@strata/core';

const TS = /\.[cm]?ts$/;

/** The file URL of tsx's ESM register API, resolved from the first of `from` that has tsx installed. */
export function tsxRegisterUrl(from: readonly string[]): string | undefined {
  for (const base of from) {
    try {
      const pkg = createRequire(base).resolve('tsx/package.json');
      const entry = JSON.parse(readFileSync(pkg, 'utf8')).exports?.['./esm/api']?.import?.default;
      if (typeof entry === 'string') return pathToFileURL(join(dirname(pkg), entry)).href;
    } catch {
      // not installed next to this file; try the next
    }
  }
  return undefined;
}

/**
 * Starts the worker entry with `workerData` (internal). From compiled JavaScript this is a plain
 * `new Worker(url)`. When the entry or the setup module is TypeScript (Strata's own sources in tests
 * and benchmarks, or a user's `.ts` setup), the worker first registers tsx's loader: in Node 20 a
 * loader registered by the parent (`--import tsx`) does not reach worker threads, so each worker
 * registers its own. The parent's `--conditions` (e.g. `strata-source`) are inherited with its execArgv.
 */
export function spawnWorker(moduleUrl: string, workerData: unknown): Worker {
  const here = import.meta.url;
  const fromSource = TS.test(fileURLToPath(here));
  const entry = new URL(`./worker-main.${fromSource ? 'ts' : 'js'}`, here);
  if (!fromSource && !TS.test(moduleUrl)) return new Worker(entry, { workerData });
  const register = tsxRegisterUrl([here, moduleUrl]);
  if (!register) {
    throw new ConfigError(
      'fit({workers.module})',
      `${moduleUrl} is TypeScript and workers load it themselves; install tsx next to it (npm i -D tsx) or point to the compiled .js`,
    );
  }
  const execArgv = [...process.execArgv];
  // Strata's own sources resolve through the `strata-source` export condition.
  if (fromSource && !execArgv.some((a) => a.includes('strata-source')))
    execArgv.push('--conditions=strata-source');
  const code = `import(${JSON.stringify(register)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData, execArgv });
}

/** The setup module as a file URL, checked to exist: a URL object, a file: URL string, or a path. */
export function moduleUrlOf(module: string | URL, where: string): string {
  let url: URL;
  if (module instanceof URL) url = module;
  else if (typeof module === 'string' && module.startsWith('file:')) url = new URL(module);
  else if (typeof module === 'string' && module !== '') url = pathToFileURL(module);
  else {
    throw new ConfigError(
      where,
      "must be the setup module: a file URL (new URL('./setup.js', import.meta.url)) or a path",
    );
  }
  if (url.protocol !== 'file:')
    throw new ConfigError(where, `must be a file: URL or a path, got ${url.href}`);
  if (!existsSync(fileURLToPath(url))) throw new ConfigError(where, `no file at ${fileURLToPath(url)}`);
  return url.href;
}
