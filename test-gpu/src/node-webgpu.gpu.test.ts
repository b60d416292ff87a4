import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { useBackend } from '@strata/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CNN_PARAM_TOLERANCE, checkCnnRuns, cnnSteps } from './cnn-checks.js';
import { trainCnn } from './cnn-training.js';
import { runParity } from './parity-cases.js';
import { printParity } from './print-results.js';

const here = dirname(fileURLToPath(import.meta.url));
const select = (name: string) => useBackend(name);

function withoutDriverFiles(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.VK_DRIVER_FILES;
  return env;
}

describe('webgpu in Node (Dawn)', () => {
  beforeAll(async () => {
    const info = await useBackend('webgpu');
    // The adapter the suite ran on, for the log of `pnpm test:gpu`.
    console.log(`[node webgpu] ${info.reason}`);
    expect(tf.getBackend()).toBe('webgpu');
  });

  afterAll(async () => {
    await useBackend('cpu');
  });

  it('every layer, loss and Adam agree with cpu within their tolerances, leaking nothing', async () => {
    const results = await runParity('webgpu', select);
    printParity('node webgpu', results);
    expect(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
  });

  it(`trains the seed CNN ${cnnSteps()} steps: loss halves, numTensors flat, params close to cpu`, async () => {
    await useBackend('cpu');
    const cpu = await trainCnn(cnnSteps(), 8);
    await useBackend('webgpu');
    const gpu = await trainCnn(cnnSteps(), 8);
    const summary = checkCnnRuns(gpu, cpu);
    console.log(`[node webgpu] seed CNN: ${summary.text}`);
    expect(summary.problems).toEqual([]);
    expect(summary.relative).toBeLessThanOrEqual(CNN_PARAM_TOLERANCE);
  });
});

describe('webgpu in Node without a Vulkan driver', () => {
  it("useBackend('webgpu') fails with one line naming what is missing, and 'auto' falls back to wasm", async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=strata-source', join(here, 'child', 'no-driver.ts')],
      {
        cwd: join(here, '..'),
        env: { ...withoutDriverFiles(), VK_ICD_FILENAMES: '/nonexistent/vk_icd.json' },
      },
    );
    const line = stdout.trim().split('\n').at(-1) ?? '';
    const out = JSON.parse(line) as { named: string; auto: string; reason: string };
    expect(out.named).toBe(
      "BackendError: useBackend('webgpu'): no WebGPU adapter (requestAdapter() returned null): no Vulkan driver: VK_ICD_FILENAMES names /nonexistent/vk_icd.json, which does not exist — point it at a driver manifest (an ICD .json) or unset it to use the installed drivers, or use useBackend('auto') to fall back to the fastest of node, wasm, cpu that works here",
    );
    expect(out.named).not.toContain('\n');
    expect(out.auto).toBe('wasm');
    expect(out.reason).toContain('webgpu: no WebGPU adapter');
  });
});
