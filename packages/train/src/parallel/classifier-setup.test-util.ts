/*
 * A small training setup for the tests of fit({ workers }): an MLP 4-16-3 classifying three Gaussian
 * blobs. The same definition builds the single-process reference in the tests and each worker's
 * setup, so both train exactly the same thing.
 */
import {
  createRng,
  DataError,
  type GradientTransformation,
  type Loss,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import { fromArray } from '@strata/data';
import { dense, dropout, sequential } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { accuracy } from '@strata/metrics';
import { adam, sgd } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import type { SupervisedStepOptions } from '../supervised-step.js';
import { defineWorkerSetup } from './define-worker-setup.js';
import type { WorkerSetupData } from './types.js';

export interface FixtureArgs {
  readonly samples: number;
  readonly batch: number;
  readonly optimizer?: 'adam' | 'sgd' | 'last-gradient';
  readonly dropout?: boolean;
  readonly validation?: boolean;
  /** The loss throws on this worker at this (1-based) step. */
  readonly crash?: { readonly rank: number; readonly step: number };
  /** The worker thread ends itself (process.exit) on this worker at this step, as a fatal error would. */
  readonly exit?: { readonly rank: number; readonly step: number };
  /** The loss never returns (an endless synchronous loop) on this worker at this step. */
  readonly hang?: { readonly rank: number; readonly step: number };
  /** This worker shuffles with another seed (a setup that breaks the same-batches rule). */
  readonly reseed?: number;
  /** Epochs of 1 ms sleeps per batch, to keep the run going (the SIGKILL test). */
  readonly slow?: boolean;
}

function blobs(n: number, seed: number): { x: Float32Array; y: number }[] {
  const rng = createRng(seed);
  const centres = [
    [2, 0, 0, 1],
    [0, 2, -1, 0],
    [-2, -1, 1, 0],
  ];
  return Array.from({ length: n }, (_, i) => {
    const y = i % 3;
    // Box–Muller normals around the class centre.
    const x = centres[y]!.map(
      (c) => c + Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()),
    );
    return { x: Float32Array.from(x), y };
  });
}

/**
 * Steps along the mean of this and the previous gradient, keeping the gradient itself in its state
 * (an optimizer may hold on to what it is given; the loop must not free it).
 */
function lastGradient(learningRate: number): GradientTransformation<{ last: TensorTree }> {
  return {
    init: (params) => ({ last: mapTree(params, (p) => tf.zerosLike(p)) }),
    update: (grads, state) => ({
      updates: zipTrees([grads, state.last], ([g, l]) => tf.mul(tf.add(g!, l!), -learningRate / 2)),
      state: { last: grads },
    }),
  };
}

/** The training fields of the fixture, as fit takes them. */
export function fixtureTraining(
  args: FixtureArgs,
  seed: number,
): WorkerSetupData & SupervisedStepOptions<unknown> {
  const records = fromArray(blobs(args.samples, 1)).withDtypes({ y: 'int32' });
  const data = records.shuffle('all', { seed }).batch(args.batch);
  return {
    model: sequential([
      dense({ units: 16, activation: 'relu' }),
      ...(args.dropout ? [dropout({ rate: 0.3 })] : []),
      dense({ units: 3 }),
    ]),
    inputShape: [null, 4],
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
    optimizer:
      args.optimizer === 'sgd'
        ? sgd({ learningRate: 0.1, momentum: 0.9 })
        : args.optimizer === 'last-gradient'
          ? lastGradient(0.2)
          : adam({ learningRate: 0.01 }),
    data: args.slow
      ? data.map(async (b) => {
          await new Promise((r) => setTimeout(r, 1));
          return b;
        })
      : data,
    ...(args.validation
      ? { validationData: fromArray(blobs(61, 2)).withDtypes({ y: 'int32' }).batch(20) }
      : {}),
    metrics: { accuracy: accuracy() },
  };
}

export const setup = defineWorkerSetup(({ args, seed, rank }) => {
  const a = args as FixtureArgs;
  const training = fixtureTraining(a, a.reseed !== undefined && rank === 1 ? a.reseed : seed);
  const crash = a.crash?.rank === rank ? a.crash : undefined;
  const exit = a.exit?.rank === rank ? a.exit : undefined;
  const hang = a.hang?.rank === rank ? a.hang : undefined;
  if (!crash && !exit && !hang) return training;
  let calls = 0;
  const loss: Loss = (yTrue, yPred) => {
    calls++;
    if (calls === crash?.step) throw new DataError('fixture loss', `boom at step ${calls} on worker ${rank}`);
    if (calls === exit?.step) process.exit(3);
    if (calls === hang?.step) for (;;);
    return training.loss(yTrue, yPred);
  };
  return { ...training, loss };
});

/** A setup module whose export has another name. */
export const notSetup = 42;
