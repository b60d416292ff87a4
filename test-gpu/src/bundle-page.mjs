// Bundles the browser page of the GPU suite with esbuild. @strata/train's index also exports its
// Node-only parts (checkpoints, workers, progress bars); the page never calls them, so Node's
// built-in modules are replaced by stubs that throw if anything does.
import { mkdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const NODE_ONLY = new Set([...builtinModules, 'cli-progress']);

const stubNodeModules = {
  name: 'stub-node-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, '').split('/')[0];
      return NODE_ONLY.has(args.path) || NODE_ONLY.has(bare) || args.path.startsWith('node:')
        ? { path: args.path, namespace: 'node-stub' }
        : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' ? false : () => { throw new Error(${JSON.stringify(`${args.path} is not available in the browser`)}); } });`,
      loader: 'js',
    }));
  },
};

/** Writes index.html and page.js into `outDir`. */
export async function bundlePage(outDir) {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(import.meta.dirname, 'browser', 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['strata-source'],
    outfile: join(outDir, 'page.js'),
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [stubNodeModules],
    logLevel: 'error',
  });
  await writeFile(
    join(outDir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>Strata GPU suite</title><script type="module" src="page.js"></script>\n',
  );
}
