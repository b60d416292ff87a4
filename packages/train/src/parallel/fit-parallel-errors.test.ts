import { ConfigError, DataError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fit } from '../fit.js';
import { fixtureTraining } from './classifier-setup.test-util.js';
import { ARGS, fixtureModule as module, SEED } from './fit-parallel.test-util.js';
import { WorkerError } from './worker-error.js';

describe('fit({ workers }): failures', () => {
  it('fails the run with the error of a worker that crashes, and frees what it held', async () => {
    const before = tf.memory().numTensors;
    const run = fit({
      workers: { count: 2, module, args: { ...ARGS, crash: { rank: 1, step: 7 } } },
      epochs: 2,
    });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    // The worker's DataError, rebuilt as one on this thread, with its message and stack.
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe('fixture loss: boom at step 7 on worker 1');
    expect((error as Error).stack).toContain('in worker 1 of fit({ workers })');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails the run when a worker thread dies without an error', async () => {
    await expect(
      fit({ workers: { count: 2, module, args: { ...ARGS, exit: { rank: 0, step: 3 } } }, epochs: 1 }),
    ).rejects.toThrow('fit({workers}): worker 0 exited (code 3) before training ended');
  });

  it('ends a run whose worker is stuck in an endless loop within the stall timeout, naming the worker', async () => {
    const started = performance.now();
    const error = await fit({
      workers: { count: 2, module, args: { ...ARGS, hang: { rank: 1, step: 4 } }, stallTimeout: 2 },
      epochs: 2,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as Error).message).toMatch(
      /^fit\(\{workers\}\): worker 1 of 2 made no progress for 2 s: .* raise workers.stallTimeout/,
    );
    // A liveness bound, not a speed target: without the watchdog this run never ends.
    expect(seconds).toBeLessThan(60);
  });

  it('says when the workers see different global batches (an unseeded shuffle)', async () => {
    await expect(
      fit({ workers: { count: 2, module, args: { ...ARGS, reseed: 99 } }, epochs: 1, seed: SEED }),
    ).rejects.toThrow(/at step 0 the workers' data gave different global batches .*seed every shuffle/);
  });

  it('says what is wrong with the options', async () => {
    const training = fixtureTraining(ARGS, SEED);
    await expect(fit({ workers: 2, epochs: 1 } as never)).rejects.toThrow(
      'fit({workers}): must be { count, module }, got 2: the model, loss, optimizer and data are closures that cannot cross threads',
    );
    await expect(
      fit({ workers: { count: 2, module }, model: training.model, epochs: 1 } as never),
    ).rejects.toThrow("fit({workers}): 'model' comes from the setup module when training with workers");
    await expect(fit({ workers: { count: 0, module }, epochs: 1 })).rejects.toThrow(
      'fit({workers.count}): must be a positive integer, got 0',
    );
    await expect(fit({ workers: { count: 1, module, threads: 2 } as never, epochs: 1 })).rejects.toThrow(
      ConfigError,
    );
    await expect(fit({ workers: { count: 1, module: '/nowhere/setup.js' }, epochs: 1 })).rejects.toThrow(
      'fit({workers.module}): no file at /nowhere/setup.js',
    );
    await expect(fit({ workers: { count: 1, module, args: { loss: () => 0 } }, epochs: 1 })).rejects.toThrow(
      'fit({workers.args}): must be plain data that survives structured cloning',
    );
    // Found inside the worker, reported as the same ConfigError.
    await expect(
      fit({ workers: { count: 1, module, export: 'notSetup', args: ARGS }, epochs: 1 }),
    ).rejects.toThrow(
      /fit\({workers}\).module: .*classifier-setup.test-util.ts has no function export 'notSetup' \(its exports: .*setup/,
    );
  });
});
