import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allGradients } from './all-gradients.js';
import { registerGradients } from './register-gradients.js';

// Proves the built package trains in plain Node, as ESM (import) and as CommonJS (require of the ESM
// build, Node ≥ 20.19), with tfjs-core's Node build, which registers no gradients by itself.

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = resolve(packageDir, '../..');
const coreDir = resolve(packageDir, '../core');

/** Newest modification time of the non-test sources under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

const builtAt = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/** Builds the package (and @strata/core through project references) unless dist is newer than src. */
function ensureBuilt(): void {
  const fresh =
    builtAt(join(packageDir, 'dist/index.js')) >= newestSource(join(packageDir, 'src')) &&
    builtAt(join(packageDir, 'dist/gradients/register-gradients.js')) >=
      newestSource(join(packageDir, 'src/gradients')) &&
    builtAt(join(coreDir, 'dist/index.js')) >= newestSource(join(coreDir, 'src'));
  if (fresh) return;
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', packageDir], { cwd: repoRoot, stdio: 'pipe' });
}

// Deterministic inputs shared by the child scripts and the in-process reference.
const xValues = Array.from({ length: 2 * 4 * 4 * 1 }, (_, i) => Math.sin(1.7 * i + 0.3));
const wValues = Array.from({ length: 3 * 3 * 1 * 2 }, (_, i) => Math.cos(0.9 * i + 0.1));

/** The computation both scripts run after `registerGradients()`; printed as one JSON line. */
const body = `
await tf.setBackend('cpu');
const before = tf.getGradient('RealDiv') === undefined;
const registered = registerGradients();
const again = registerGradients();
const dx = tf.grad((t) => tf.sum(tf.div(tf.square(t), 2)))(tf.tensor1d([1, -2, 3]));
const x = tf.tensor4d(${JSON.stringify(xValues)}, [2, 4, 4, 1]);
const w = tf.tensor4d(${JSON.stringify(wValues)}, [3, 3, 1, 2]);
const [gx, gw] = tf.grads((a, b) => tf.sum(tf.maxPool(tf.div(tf.conv2d(a, b, 1, 'same'), 3), 2, 2, 'valid')))([x, w]);
console.log(JSON.stringify({
  before,
  registered: registered.length,
  again: again.length,
  dx: Array.from(dx.dataSync()),
  gx: Array.from(gx.dataSync()),
  gw: Array.from(gw.dataSync()),
}));
`;

const scripts = {
  esm: `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from './dist/index.js';
${body}`,
  cjs: `const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const { registerGradients } = require('./dist/index.js');
(async () => {
${body}
})().catch((error) => { console.error(error); process.exit(1); });`,
};

interface ChildResult {
  before: boolean;
  registered: number;
  again: number;
  dx: number[];
  gx: number[];
  gw: number[];
}

/** Writes the script inside the package (where tfjs-core, a peer, resolves), runs it, deletes it. */
function runScript(kind: 'esm' | 'cjs'): ChildResult {
  const file = join(packageDir, `.gradients-plain-node-${process.pid}.${kind === 'esm' ? 'mjs' : 'cjs'}`);
  written.push(file);
  writeFileSync(file, scripts[kind]);
  try {
    const run = spawnSync(process.execPath, [file], { cwd: packageDir, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, `${kind} script failed:\n${run.stderr}`).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
    expect(line, `${kind} script printed no result:\n${run.stdout}\n${run.stderr}`).toMatch(/^\{.*\}$/);
    return JSON.parse(line as string) as ChildResult;
  } finally {
    rmSync(file, { force: true });
  }
}

const written: string[] = [];
let reference: { gx: number[]; gw: number[] };

describe('registerGradients in plain Node (built package)', () => {
  beforeAll(() => {
    ensureBuilt();
    // The reference: the same gradients from the sources in this process (checked against finite
    // differences in convolution-, pooling- and arithmetic-grads.test.ts).
    registerGradients();
    const [gx, gw] = tf.tidy(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(
          tf.maxPool(
            tf.div(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), 3) as tf.Tensor4D,
            2,
            2,
            'valid',
          ),
        ),
      )([tf.tensor4d(xValues, [2, 4, 4, 1]), tf.tensor4d(wValues, [3, 3, 1, 2])]),
    ) as [tf.Tensor, tf.Tensor];
    reference = { gx: Array.from(gx.dataSync()), gw: Array.from(gw.dataSync()) };
    tf.dispose([gx, gw]);
  });

  afterAll(() => {
    for (const file of written) rmSync(file, { force: true });
  });

  it.each(['esm', 'cjs'] as const)('%s: gradients through div, conv2d and maxPool', (kind) => {
    const result = runScript(kind);
    expect(result.before).toBe(true);
    expect(result.registered).toBe(allGradients.length);
    expect(result.again).toBe(0);
    expect(result.dx).toEqual([1, -2, 3]);
    expect(result.gx.length).toBe(reference.gx.length);
    result.gx.forEach((v, i) => {
      expect(v).toBeCloseTo(reference.gx[i] as number, 5);
    });
    result.gw.forEach((v, i) => {
      expect(v).toBeCloseTo(reference.gw[i] as number, 5);
    });
  });
});
