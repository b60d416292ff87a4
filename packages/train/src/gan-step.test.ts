import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainCallback } from './context.js';
import { fit } from './fit.js';
import { disposeResults, relativeDifference, values } from './parallel/fit-parallel.test-util.js';
import { ganStep, generator, REAL_MEAN, realData } from './parallel/gan-setup.test-util.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-gan-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const module = new URL('./parallel/gan-setup.test-util.ts', import.meta.url);
const SEED = 3;
// 200 rows in batches of 32: six of 32 and one of 8 per epoch (uneven shares with two workers).
const ROWS = 200;
const BATCH = 32;

/** A callback that fails the run once `epoch` has ended (its checkpoint is already written). */
const crashAfter = (epoch: number): TrainCallback => ({
  onEpochEnd: (e) => {
    if (e === epoch) throw new Error('simulated crash');
  },
});

/** The mean of the generator's output over 2,000 noise draws. */
function generatedMean(params: TensorTree): number {
  return tf.tidy(() => {
    const z = tf.randomNormal([2000, 2], 0, 1, 'float32', 11);
    return tf
      .mean(generator.apply(params.generator as TensorTree, z, { training: false, state: {} }).y)
      .dataSync()[0]!;
  });
}

describe('a GAN-shaped step (two parameter groups, two optimizers, alternating updates) through fit', () => {
  it('learns the real data mean, logs both losses, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const start = ganStep().init(createRng(SEED).split(2)[0]!);
    const initialMean = generatedMean(start.params);
    tf.dispose(Object.values(start.params));
    const run = await fit({ step: ganStep(), data: realData(ROWS, BATCH, SEED), epochs: 12, seed: SEED });
    expect(Math.abs(initialMean - REAL_MEAN)).toBeGreaterThan(2);
    // The generator's samples move to the real data: their mean within 0.5 of the real mean.
    expect(Math.abs(generatedMean(run.params) - REAL_MEAN)).toBeLessThan(0.5);
    expect(Object.keys(run.history[0]!).sort()).toEqual([
      'd_loss',
      'epoch',
      'g_loss',
      'samplesPerSecond',
      'seconds',
    ]);
    // At the adversarial equilibrium D outputs 1/2 everywhere: d_loss → 2 ln 2, g_loss → ln 2.
    const last = run.history.at(-1)!;
    expect(Math.abs(last.d_loss! - 2 * Math.LN2)).toBeLessThan(0.25);
    expect(Math.abs(last.g_loss! - Math.LN2)).toBeLessThan(0.25);
    disposeResults(run);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes after a crash to the same params, bit for bit, as an uninterrupted run', async () => {
    const options = { step: ganStep(), data: realData(ROWS, BATCH, SEED), epochs: 4, seed: SEED };
    const full = await fit({ ...options, checkpointDir: tempDir() });
    const dir = tempDir();
    await expect(fit({ ...options, checkpointDir: dir, callbacks: [crashAfter(1)] })).rejects.toThrow(
      'simulated crash',
    );
    const resumed = await fit({ ...options, checkpointDir: dir, resume: true });
    expect(values(resumed.params)).toEqual(values(full.params));
    expect(values(resumed.optState as never)).toEqual(values(full.optState as never));
    expect(resumed.history.map((h) => h.d_loss)).toEqual(full.history.map((h) => h.d_loss));
    disposeResults(full, resumed);
  });

  it('with two workers: resumes to the uninterrupted params, and trains the same step as one process', async () => {
    const workers = { count: 2, module, args: { rows: ROWS, batch: BATCH } };
    const full = await fit({ workers, epochs: 4, seed: SEED, checkpointDir: tempDir() });
    const dir = tempDir();
    await expect(
      fit({ workers, epochs: 4, seed: SEED, checkpointDir: dir, callbacks: [crashAfter(1)] }),
    ).rejects.toThrow('simulated crash');
    const resumed = await fit({ workers, epochs: 4, seed: SEED, checkpointDir: dir, resume: true });
    expect(relativeDifference(resumed.params, full.params)).toBeLessThan(1e-5);
    expect(resumed.history.length).toBe(4);
    // Both groups moved from their initial values and the workers stayed in step (fit checks hashes).
    const start = ganStep().init(createRng(SEED).split(2)[0]!);
    expect(relativeDifference(full.params, start.params)).toBeGreaterThan(0.05);
    tf.dispose(Object.values(start.params));
    disposeResults(full, resumed);
  });
});
