import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { TrainCallback } from '../context.js';
import { fit } from '../fit.js';
import { fixtureTraining } from './classifier-setup.test-util.js';
import * as fx from './fit-parallel.test-util.js';

describe('fit({ workers }): callbacks and checkpoints', () => {
  it('runs callbacks as single-process fit does: onBatchEnd steps and logs, setParams, stop', async () => {
    const record = (events: string[]): TrainCallback => ({
      onTrainBegin: (ctx) => void events.push(`begin step ${ctx.step} of ${ctx.stepsPerEpoch}/epoch`),
      onEpochBegin: (epoch) => void events.push(`epoch ${epoch}`),
      onBatchEnd: (step, logs, ctx) => {
        const sum = Object.values(fx.values(ctx.params))
          .flat()
          .reduce((a, b) => a + b, 0);
        events.push(`batch ${step}: ${logs.samples} rows, loss ${logs.loss}, params Σ ${sum}`);
        // Halving the params mid-epoch must reach the workers before their next step.
        if (step === 12) ctx.setParams(mapTree(ctx.params, (t) => tf.mul(t, 0.5)));
      },
      onEpochEnd: (epoch, logs, ctx) => {
        events.push(`end ${epoch} at step ${ctx.step}: loss ${logs.loss}`);
        return epoch === 2 ? { stop: true } : undefined;
      },
      onTrainEnd: (ctx) => void events.push(`end of training at epoch ${ctx.epoch}`),
    });
    const a: string[] = [];
    const b: string[] = [];
    const plain = await fit({
      ...fixtureTraining(fx.ARGS, fx.SEED),
      epochs: 5,
      seed: fx.SEED,
      logEvery: 4,
      callbacks: [record(a)],
    });
    const one = await fit({
      workers: { count: 1, module: fx.fixtureModule, args: fx.ARGS },
      epochs: 5,
      seed: fx.SEED,
      logEvery: 4,
      callbacks: [record(b)],
    });
    expect(b).toEqual(a);
    expect(a.filter((e) => e.startsWith('batch')).map((e) => e.split(':')[0])).toEqual(
      [4, 8, 12, 16, 20, 24, 28].map((s) => `batch ${s}`),
    );
    expect(a.at(-1)).toBe('end of training at epoch 3');
    expect(fx.values(one.params)).toEqual(fx.values(plain.params));
    const two = await fit({
      workers: { count: 2, module: fx.fixtureModule, args: fx.ARGS },
      epochs: 5,
      seed: fx.SEED,
      logEvery: 4,
      callbacks: [record([])],
    });
    expect(two.history).toHaveLength(3);
    expect(fx.relativeDifference(two.params, plain.params)).toBeLessThan(1e-5);
    fx.disposeResults(plain, one, two);
  });

  it('resumes from its checkpoint after a crash and ends where an uninterrupted run ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-workers-'));
    const args = { ...fx.ARGS, optimizer: 'sgd' as const };
    const workers = { count: 2, module: fx.fixtureModule, args };
    const crash: TrainCallback = {
      onEpochEnd: (epoch) => {
        if (epoch === 1) throw new Error('power cut');
      },
    };
    await expect(
      fit({ workers, epochs: 4, seed: fx.SEED, checkpointDir: dir, callbacks: [crash] }),
    ).rejects.toThrow('power cut');
    const resumed = await fit({ workers, epochs: 4, seed: fx.SEED, checkpointDir: dir, resume: true });
    expect(resumed.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    // The uninterrupted reference: the same training in one process (the same algorithm, see fit-parallel.test.ts).
    const full = await fit({ ...fixtureTraining(args, fx.SEED), epochs: 4, seed: fx.SEED });
    expect(fx.relativeDifference(resumed.params, full.params)).toBeLessThan(1e-5);
    // SGD with momentum: the resumed velocity must be the checkpointed one, not zeros.
    expect(fx.relativeDifference(resumed.optState as never, full.optState as never)).toBeLessThan(1e-5);
    // And a single-process run resumes the workers' checkpoint: the format is the same.
    const single = await fit({
      ...fixtureTraining(args, fx.SEED),
      epochs: 5,
      seed: fx.SEED,
      checkpointDir: dir,
      resume: true,
    });
    expect(single.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3, 4]);
    fx.disposeResults(full, resumed, single);
  });
});
