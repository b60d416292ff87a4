import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disposeTree } from '@strata/core';
import { earlyStopping } from '@strata/regularize';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { TrainCallback } from './context.js';
import { fit } from './fit.js';
import { values } from './parallel/fit-parallel.test-util.js';
import { ganStep, realData } from './parallel/gan-setup.test-util.js';

// Early stopping on the GAN step's discriminator loss, which wanders as the two networks trade blows:
// with min-delta 0.02 and patience 2 it stops well before 30 epochs and restores its best epoch's params.
const stopper = () =>
  earlyStopping({
    monitor: 'd_loss',
    mode: 'min',
    patience: 2,
    minDelta: 0.02,
    restoreBest: true,
  }) as TrainCallback;
const options = () => ({ step: ganStep(), data: realData(96, 32, 5), epochs: 30, seed: 5 });

describe('early stopping across a crash and resume', () => {
  it('stops at the same epoch with the same restored params as an uninterrupted run, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const one = stopper();
    const fullDir = mkdtempSync(join(tmpdir(), 'strata-es-'));
    const full = await fit({ ...options(), callbacks: [one], checkpointDir: fullDir });
    const stoppedAt = full.history.length;
    expect(stoppedAt).toBeLessThan(30);
    expect(stoppedAt).toBeGreaterThan(3);

    // The same run killed in epoch 2's callbacks (after early stopping saw it), then resumed with a fresh callback.
    const dir = mkdtempSync(join(tmpdir(), 'strata-es-'));
    const crash: TrainCallback = {
      onEpochEnd: (epoch) => {
        if (epoch === 2) throw new Error('killed');
      },
    };
    const first = stopper();
    await expect(fit({ ...options(), callbacks: [first, crash], checkpointDir: dir })).rejects.toThrow(
      'killed',
    );
    const second = stopper();
    const noCrash: TrainCallback = {};
    const resumed = await fit({
      ...options(),
      callbacks: [second, noCrash],
      checkpointDir: dir,
      resume: true,
    });
    expect(resumed.history.length).toBe(stoppedAt);
    expect(resumed.history.map((h) => h.d_loss)).toEqual(full.history.map((h) => h.d_loss));
    expect(values(resumed.params)).toEqual(values(full.params));

    // Resuming the run that already stopped trains nothing more: the stop is in its last checkpoint.
    const third = stopper();
    const again = await fit({ ...options(), callbacks: [third], checkpointDir: fullDir, resume: true });
    expect(again.history.length).toBe(stoppedAt);
    expect(values(again.params)).toEqual(values(full.params));
    for (const cb of [one, first, second, third]) (cb as { dispose?: () => void }).dispose?.();
    for (const r of [full, resumed, again]) disposeTree([r.params, r.state, r.optState]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
