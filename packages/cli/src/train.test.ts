import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function smallRun(dir: string, name: string, seed: number) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    [
      'train',
      'mnist-mlp',
      '--epochs',
      '1',
      '--validation',
      '59000',
      '--batch-size',
      '100',
      '--out',
      dir,
      '--name',
      name,
      '--seed',
      String(seed),
    ],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  const epochs = readFileSync(join(dir, name, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  return { code, out, err, epochs };
}

describe('strata train, end to end at small scale', () => {
  it("reports a binary task's ROC and precision–recall curves (MNIST 3 against 8)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-binary-'));
    const config = join(dir, 'three-eight.json');
    writeFileSync(
      config,
      JSON.stringify({
        dataset: { id: 'strata/mnist', digits: [3, 8] },
        model: { id: 'strata/mlp', units: [32], classes: 2 },
        loss: 'strata/sparse-categorical-crossentropy',
        optimizer: { id: 'strata/adam', learningRate: 0.003 },
        epochs: 1,
        batchSize: 100,
        // 11,982 training threes and eights; 982 train, the rest validate.
        validation: 11000,
        name: 'three-eight',
        out: dir,
      }),
    );
    const out: string[] = [];
    const code = await main(['train', config], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(out.filter((l) => l.startsWith('strata:'))).toEqual([]);
    expect(code).toBe(0);
    const html = readFileSync(join(dir, 'three-eight', 'report.html'), 'utf8');
    const auc = Number(html.match(/ROC curve \(test\) \(AUC ([\d.]+)\)/)![1]);
    expect(auc).toBeGreaterThan(0.9);
    expect(html).toMatch(/Precision–recall curve \(test\) \(AP [\d.]+\)/);
    const curves = JSON.parse(html.match(/const curves = (.*);\n/)![1]!);
    // From (0, 0) to (1, 1); the PR curve ends at recall 1 over the 1,984 test threes and eights.
    expect(curves.roc.data[0][0]).toBe(0);
    expect(curves.roc.data[1].at(-1)).toBe(1);
    expect(curves.pr.data[0].at(-1)).toBe(1);
  });

  it('gives the same loss after the first epoch for the same seed and backend, another for another seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-seed-'));
    const a = await smallRun(dir, 'a', 7);
    const b = await smallRun(dir, 'b', 7);
    const c = await smallRun(dir, 'c', 8);
    expect(a.code).toBe(0);
    expect(b.epochs[0].loss).toBe(a.epochs[0].loss);
    expect(b.epochs[0].val_loss).toBe(a.epochs[0].val_loss);
    expect(c.epochs[0].loss).not.toBe(a.epochs[0].loss);
  });

  it('trains the MLP on a slice of real MNIST and writes the run directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-train-'));
    const { code, out, err, epochs } = await smallRun(dir, 'small', 0);
    expect(err.filter((l) => l.startsWith('strata:'))).toEqual([]);
    expect(code).toBe(0);
    const run = join(dir, 'small');
    for (const f of ['metrics.jsonl', 'report.html', 'checkpoint/checkpoint.json', 'model/checkpoint.json']) {
      expect(existsSync(join(run, f))).toBe(true);
    }
    expect(epochs).toHaveLength(1);
    // 1,000 training images, one epoch: far better than chance (10%) on the 10,000 test images.
    const line = out.find((l) => l.startsWith('test accuracy:'))!;
    const accuracy = Number(line.match(/([\d.]+)%/)![1]);
    expect(accuracy).toBeGreaterThan(60);
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    expect(html).toContain('Confusion matrix');
    // The per-class report over the 10,000 test images, printed and in the report.
    expect(html).toContain('Per-class report (test)');
    const table = out.join('\n');
    expect(table).toMatch(/precision\s+recall\s+f1-score\s+support/);
    expect(table).toMatch(/weighted avg(\s+[\d.]+){3}\s+10000/);
    expect(html).toContain('uPlot');
  });
});
