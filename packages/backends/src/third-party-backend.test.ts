import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, defaultRegistry } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, listBackends, useBackend } from './index.js';

// A separate package (not in the pnpm workspace) that defines a backend with the public
// `defineBackend`, as a third party would. Its one workspace dependency, @strata/backends, is linked
// into its node_modules here, as installing it would; the others resolve from this package's.
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtureRoot = join(packageRoot, 'test', 'fixtures', 'third-party-backend');

function linkStrataBackends(): void {
  const link = join(fixtureRoot, 'node_modules', '@strata', 'backends');
  if (existsSync(link)) return;
  mkdirSync(dirname(link), { recursive: true });
  try {
    symlinkSync(packageRoot, link, 'dir');
  } catch (error) {
    // Another process linked it meanwhile.
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
}

let previous: string;

beforeAll(async () => {
  await tf.ready();
  previous = tf.getBackend();
  linkStrataBackends();
  const fixture = await import('../test/fixtures/third-party-backend/index.js');
  defaultRegistry().use(fixture.fixturePlugin());
});

afterAll(async () => {
  await tf.setBackend(previous);
  if (tf.findBackendFactory('fixture-cpu') != null) tf.removeBackend('fixture-cpu');
});

describe('a backend defined outside @strata/backends', () => {
  it('is listed by strata doctor (describeBackends of listBackends) as available, with its version', async () => {
    const reports = await listBackends();
    const report = reports.find((r) => r.name === 'fixture-cpu');
    expect(report).toMatchObject({ package: 'strata-backend-fixture', available: true });
    // No priority: 'auto' never picks it, so it is listed after every built-in.
    expect(reports.map((r) => r.name)).toEqual([
      'node-gpu',
      'webgpu',
      'node',
      'wasm',
      'cpu',
      'webgl',
      'fixture-cpu',
    ]);
    const row = describeBackends(reports)
      .split('\n')
      .find((line) => line.startsWith('fixture-cpu'));
    expect(row?.split(/\s{2,}/)).toEqual([
      'fixture-cpu',
      'yes',
      'strata-backend-fixture@1.0.0',
      'runs on the cpu, 1 thread, tfjs cpu kernels under another name',
    ]);
    expect(tf.getBackend()).toBe(previous);
  });

  it('is selected by useBackend: ops and gradients run on it, then the previous backend comes back', async () => {
    const info = await useBackend('fixture-cpu');
    expect(tf.getBackend()).toBe('fixture-cpu');
    expect(info).toMatchObject({
      name: 'fixture-cpu',
      tfjsName: 'fixture-cpu',
      device: 'cpu',
      simd: false,
      threads: 1,
      versions: { tfjsCore: tf.version_core, backend: '1.0.0' },
      reason: 'requested by name; tfjs cpu kernels under another name',
    });
    // d/dx Σ x²/2 = x, computed on the selected backend (training registered the gradients).
    const x = tf.tensor1d([1, -2, 3]);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.div(tf.square(t), 2)))(x);
    expect(Array.from(await dx.data())).toEqual([1, -2, 3]);
    expect(tf.engine().backendName).toBe('fixture-cpu');
    tf.dispose([x, dx]);
    await tf.setBackend(previous);
    expect(tf.getBackend()).toBe(previous);
  });

  it('is among the names an unknown backend error lists', () => {
    expect(() => useBackend('tpu')).toThrow(ConfigError);
    expect(() => useBackend('tpu')).toThrow(
      "useBackend(name): must be one of 'auto', 'cpu', 'wasm', 'node', 'node-gpu', 'webgl', 'webgpu', 'fixture-cpu', got \"tpu\"",
    );
  });
});
