// The GPU suite's browser page (bundled by esbuild, opened in headless Chromium by
// browser.gpu.test.ts): the same parity table and seed-CNN run as in Node, on webgl and webgpu,
// reported back through `window.strataReport` (a function playwright exposes).
import { createBackendSelector } from '@strata/backends';
import type { CnnRun } from '../cnn-training.js';
import { trainCnn } from '../cnn-training.js';
import { type ParityResult, runParity } from '../parity-cases.js';

interface BackendOutcome {
  readonly backend: string;
  readonly reason: string;
  readonly parity: ParityResult[];
  readonly cnn: CnnRun | null;
  readonly error?: string;
}

declare global {
  interface Window {
    strataReport(kind: string, payload: string): Promise<void>;
  }
}

const { useBackend } = createBackendSelector({
  loaders: {
    webgl: () => import('@tensorflow/tfjs-backend-webgl'),
    webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  },
});
const select = (name: string) => useBackend(name);

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const steps = Number(query.get('steps') ?? '200');
  const batch = Number(query.get('batch') ?? '8');
  const backends = (query.get('backends') ?? 'webgl,webgpu').split(',');
  await select('cpu');
  const cpu = steps > 0 ? await trainCnn(steps, batch) : null;
  await window.strataReport('cpu', JSON.stringify(cpu));
  for (const backend of backends) {
    let outcome: BackendOutcome;
    try {
      const info = await select(backend);
      const parity = await runParity(backend, select);
      await window.strataReport('progress', `${backend}: parity done`);
      await select(backend);
      const cnn = steps > 0 ? await trainCnn(steps, batch) : null;
      await window.strataReport('progress', `${backend}: ${steps} CNN steps done`);
      outcome = { backend, reason: info.reason, parity, cnn };
    } catch (error) {
      outcome = {
        backend,
        reason: '',
        parity: [],
        cnn: null,
        error: String((error as Error).message ?? error),
      };
    }
    await window.strataReport('backend', JSON.stringify(outcome));
  }
  await window.strataReport('done', '');
}

main().catch((error) => window.strataReport('fatal', String((error as Error).stack ?? error)));
