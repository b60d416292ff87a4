import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flipBytes, readManifest } from './checkpoint-damage.test-util.js';
import type { TrainCallback } from './context.js';
import { fit } from './fit.js';
import { disposeResults, values } from './parallel/fit-parallel.test-util.js';

// With workers, the main thread and each worker read the checkpoint themselves: all must fall back to
// the same previous checkpoint, or the workers would train from other params than the main thread logs.
const module = new URL('./parallel/gan-setup.test-util.ts', import.meta.url);
const run = { workers: { count: 2, module, args: { rows: 64, batch: 32 } }, epochs: 3, seed: 3 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fit({ workers, resume }) over a damaged latest checkpoint', () => {
  it('falls back to the previous checkpoint in every thread and ends as an uninterrupted run', async () => {
    const full = await fit(run);
    const dir = mkdtempSync(join(tmpdir(), 'strata-resume-workers-'));
    const crash: TrainCallback = {
      onEpochEnd: (epoch) => {
        if (epoch === 2) throw new Error('killed');
      },
    };
    await expect(fit({ ...run, checkpointDir: dir, callbacks: [crash] })).rejects.toThrow('killed');
    expect(readManifest(dir).epoch).toBe(1);
    flipBytes(join(dir, readManifest(dir).bin), [[9, 0x40]]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const begun: number[] = [];
    const resumed = await fit({
      ...run,
      checkpointDir: dir,
      resume: true,
      callbacks: [{ onEpochBegin: (epoch) => void begun.push(epoch) }],
    });
    expect(String(warn.mock.calls[0]?.[0])).toContain('checkpoint.prev.json (epoch 0), instead');
    expect(begun).toEqual([1, 2]);
    // Two workers sum their gradients in a fixed order, so a resumed run repeats the uninterrupted one.
    expect(values(resumed.params)).toEqual(values(full.params));
    expect(resumed.history.map((h) => h.d_loss)).toEqual(full.history.map((h) => h.d_loss));
    disposeResults(full, resumed);
  }, 120_000);
});
