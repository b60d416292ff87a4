import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with scripts, without type declarations
import { bundlePage } from './bundle-page.mjs';
import { CNN_PARAM_TOLERANCE, checkCnnRuns, cnnSteps } from './cnn-checks.js';
import type { CnnRun } from './cnn-training.js';
import type { ParityResult } from './parity-cases.js';
import { printParity } from './print-results.js';

// Debian's chromium, never a downloaded browser. These flags give headless Chromium a WebGPU
// adapter on SwiftShader (a software Vulkan device) and WebGL2 on ANGLE's SwiftShader; without
// --disable-gpu, so that a machine with a GPU uses it.
const CHROMIUM = process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

interface Outcome {
  backend: string;
  reason: string;
  parity: ParityResult[];
  cnn: CnnRun | null;
  error?: string;
}

const outcomes = new Map<string, Outcome>();
let cpuRun: CnnRun | null = null;
let server: Server | undefined;

describe('webgl and webgpu in headless Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set STRATA_CHROMIUM`,
      );
    }
    const dir = join(tmpdir(), `strata-gpu-page-${process.pid}`);
    await bundlePage(dir);
    server = createServer(async (req, res) => {
      const file = (req.url ?? '/').split('?')[0] === '/page.js' ? 'page.js' : 'index.html';
      res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
      res.end(await readFile(join(dir, file)));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    try {
      const page = await browser.newPage();
      let done: (value?: unknown) => void = () => undefined;
      let failed: (error: Error) => void = () => undefined;
      const finished = new Promise((resolve, reject) => {
        done = resolve;
        failed = reject;
      });
      page.on('pageerror', (error) => failed(error));
      await page.exposeFunction('strataReport', (kind: string, payload: string) => {
        if (kind === 'cpu') cpuRun = JSON.parse(payload) as CnnRun | null;
        else if (kind === 'backend') {
          const outcome = JSON.parse(payload) as Outcome;
          outcomes.set(outcome.backend, outcome);
          console.log(`[browser ${outcome.backend}] ${outcome.error ?? outcome.reason}`);
        } else if (kind === 'progress') console.log(`[browser] ${payload}`);
        else if (kind === 'fatal') failed(new Error(payload));
        else if (kind === 'done') done();
      });
      await page.goto(`http://127.0.0.1:${port}/index.html?steps=${cnnSteps()}&batch=8`);
      await finished;
    } finally {
      await browser.close();
    }
    // Two parity tables and three 200-step CNN runs (cpu, webgl, webgpu) on a software GPU: measured
    // at about 12 minutes on 2 busy cores.
  }, 1_800_000);

  afterAll(() => {
    server?.close();
  });

  for (const backend of ['webgl', 'webgpu']) {
    it(`${backend}: every layer, loss and Adam agree with cpu, leaking nothing`, () => {
      const outcome = outcomes.get(backend);
      expect(outcome?.error).toBeUndefined();
      printParity(`browser ${backend}`, outcome?.parity ?? []);
      expect(outcome?.parity.length).toBeGreaterThan(0);
      expect(outcome?.parity.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
    });

    it(`${backend}: trains the seed CNN: loss halves, numTensors flat, params close to cpu`, () => {
      const outcome = outcomes.get(backend);
      expect(outcome?.cnn).not.toBeNull();
      expect(cpuRun).not.toBeNull();
      const summary = checkCnnRuns(outcome?.cnn as CnnRun, cpuRun as CnnRun);
      console.log(`[browser ${backend}] seed CNN: ${summary.text}`);
      expect(summary.problems).toEqual([]);
      expect(summary.relative).toBeLessThanOrEqual(CNN_PARAM_TOLERANCE);
    });
  }
});
