import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from './args.js';
import { validateConfig } from './config.js';
import { main } from './main.js';

describe('strata train --workers', () => {
  it('parses a count or auto, and rejects anything else with a labelled error', () => {
    expect(parseCli(['train', '--workers', '2']).overrides.workers).toBe(2);
    expect(parseCli(['train', '--workers', 'auto']).overrides.workers).toBe('auto');
    expect(() => parseCli(['train', '--workers', 'many'])).toThrow(
      '--workers: must be a number or auto, got "many"',
    );
    expect(validateConfig({}, 'strata train').workers).toBe(0);
    expect(() => validateConfig({ workers: 1.5 }, 'strata train')).toThrow(
      'strata train: workers: must be an integer from 0 to 256, got 1.5',
    );
  });

  it('trains the MLP on two worker threads and writes the same run directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-train-workers-'));
    const out: string[] = [];
    const err: string[] = [];
    const argv = ['train', 'mnist-mlp', '--epochs', '1', '--validation', '59000', '--batch-size', '100'];
    const code = await main([...argv, '--workers', '2', '--out', dir, '--name', 'small'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(err.filter((l) => l.startsWith('strata:'))).toEqual([]);
    expect(code).toBe(0);
    const [epoch] = readFileSync(join(dir, 'small', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // 1,000 images in 10 steps of 100 rows, 50 on each worker: far better than chance on the test set.
    expect(epoch.val_accuracy).toBeGreaterThan(0.6);
    const line = out.find((l) => l.startsWith('test accuracy:'))!;
    expect(Number(line.match(/([\d.]+)%/)![1])).toBeGreaterThan(60);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'small', 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(checkpoint.step).toBe(10);
    expect(checkpoint.meta.config.workers).toBe(2);
  });
});
