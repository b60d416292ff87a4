import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { abortGroup, createControl } from './shared-group.js';
import { tsxRegisterUrl } from './spawn-worker.js';

const entry = new URL('./barrier-worker.test-util.ts', import.meta.url).href;

function start(data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const register = tsxRegisterUrl([import.meta.url])!;
  const code = `import(${JSON.stringify(register)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(code, { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('barrier', () => {
  it('holds every worker until all arrive, round after round', async () => {
    const size = 3;
    const control = createControl(size);
    const cells = new SharedArrayBuffer(4 * size);
    const results = await Promise.all(
      Array.from({ length: size }, (_, rank) => start({ control, cells, rank, size, rounds: 2000 })),
    );
    expect(results.map((r) => r.violations)).toEqual([0, 0, 0]);
  });

  it('releases a worker waiting for one that never comes when the group is aborted', async () => {
    const control = createControl(2);
    const cells = new SharedArrayBuffer(8);
    const waiting = start({ control, cells, rank: 0, size: 2, rounds: 1 });
    // Wait until the worker has arrived at the barrier (word 0 counts arrivals), then abort.
    const words = new Int32Array(control);
    while (Atomics.load(words, 0) !== 1) await new Promise((r) => setTimeout(r, 5));
    abortGroup(words);
    expect(await waiting).toEqual({ rank: 0, aborted: true });
  });
});
