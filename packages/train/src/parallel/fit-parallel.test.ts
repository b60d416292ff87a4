import { createRng, type Rng, type TensorTree } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { TrainCallback } from '../context.js';
import { disposeDeep } from '../dispose.js';
import { fit } from '../fit.js';
import { fixtureTraining } from './classifier-setup.test-util.js';
import {
  ARGS,
  disposeResults as dispose,
  fixtureModule as module,
  relativeDifference,
  SEED,
  values,
} from './fit-parallel.test-util.js';

/** The params fit starts from with this seed (its first split of the seed's generator). */
function initialParams(seed: number): TensorTree {
  const [initRng] = createRng(seed).split(2) as [Rng];
  const t = fixtureTraining(ARGS, seed);
  const { params, state } = t.model.init(initRng, t.inputShape);
  disposeDeep(state);
  return params;
}

const without = (logs: Record<string, number>) => {
  const { seconds, samplesPerSecond, ...rest } = logs;
  return rest;
};

describe('fit({ workers }): synchronous data parallelism is the same algorithm', () => {
  it('reaches the params of one worker, and of single-process fit, after 50 steps with 2 workers', async () => {
    const steps: number[] = [];
    const countSteps: TrainCallback = { onTrainEnd: (ctx) => void steps.push(ctx.step) };
    const plain = await fit({
      ...fixtureTraining(ARGS, SEED),
      epochs: 5,
      seed: SEED,
      callbacks: [countSteps],
    });
    const one = await fit({
      workers: { count: 1, module, args: ARGS },
      epochs: 5,
      seed: SEED,
      callbacks: [countSteps],
    });
    const two = await fit({
      workers: { count: 2, module, args: ARGS },
      epochs: 5,
      seed: SEED,
      callbacks: [countSteps],
    });
    expect(steps).toEqual([50, 50, 50]);
    expect(two.workers.map((w) => w.backend)).toEqual(['cpu', 'cpu']);
    // One worker runs the same ops as the single-process loop (its average has one term, weight 1,
    // which float64 returns unchanged), so everything matches bit for bit.
    expect(values(one.params)).toEqual(values(plain.params));
    expect(one.history.map(without)).toEqual(plain.history.map(without));
    // Two workers sum the gradients of 17 and 16 rows instead of 33: the same step up to rounding.
    expect(relativeDifference(two.params, plain.params)).toBeLessThan(1e-5);
    const init = initialParams(SEED);
    expect(relativeDifference(two.params, init)).toBeGreaterThan(0.1);
    disposeDeep(init);
    two.history.forEach((h, i) => {
      const p = plain.history[i]!;
      expect(Math.abs(h.loss! - p.loss!) / p.loss!).toBeLessThan(1e-5);
      expect(Math.abs(h.val_loss! - p.val_loss!) / p.val_loss!).toBeLessThan(1e-5);
      // Accuracy counts are merged by their declared reduction (sum of correct and total).
      expect(h.accuracy).toBe(p.accuracy);
      expect(h.val_accuracy).toBe(p.val_accuracy);
    });
    expect(plain.history[4]!.val_accuracy).toBeGreaterThan(0.9);
    dispose(plain, one, two);
  });

  it('works with an optimizer that keeps the gradient in its state', async () => {
    const args = { ...ARGS, optimizer: 'last-gradient' as const };
    const plain = await fit({ ...fixtureTraining(args, SEED), epochs: 2, seed: SEED });
    const two = await fit({ workers: { count: 2, module, args }, epochs: 2, seed: SEED });
    expect(relativeDifference(two.params, plain.params)).toBeLessThan(1e-5);
    expect(relativeDifference(two.optState as never, plain.optState as never)).toBeLessThan(1e-5);
    // Between epochs each worker holds 4 params and the 4 gradients in the state, nothing more.
    expect(two.workers.flatMap((w) => w.epochs.map((e) => e.numTensors))).toEqual([8, 8, 8, 8]);
    dispose(plain, two);
  });

  it('draws the dropout masks of single-process fit with one worker', async () => {
    const args = { ...ARGS, dropout: true, optimizer: 'sgd' as const };
    const plain = await fit({ ...fixtureTraining(args, SEED), epochs: 2, seed: SEED });
    const one = await fit({ workers: { count: 1, module, args }, epochs: 2, seed: SEED });
    expect(values(one.params)).toEqual(values(plain.params));
    dispose(plain, one);
  });
});
