// What each worker of the scaling benchmark builds for itself (see scaling.ts): the seed CNN (or an
// MLP) on the first `batches` global batches of MNIST, Adam 1e-3, softmax cross-entropy from logits.
import { mnist } from '@strata/data/node';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { defineWorkerSetup, type WorkerSetup } from '@strata/train';
import { benchModel } from './models.js';

export interface ScalingArgs {
  readonly model: 'cnn' | 'mlp';
  /** Global batch size. */
  readonly batch: number;
  /** Global batches per epoch. */
  readonly batches: number;
}

/** The training fields, for a worker's setup and for the single-process reference alike. */
export async function scalingTraining(args: ScalingArgs, seed: number): Promise<WorkerSetup> {
  const { train } = await mnist({ validation: 0 });
  return {
    model: benchModel(args.model),
    inputShape: [null, 28, 28, 1],
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
    optimizer: adam({ learningRate: 1e-3 }),
    data: train
      .take(args.batch * args.batches)
      .shuffle('all', { seed })
      .batch(args.batch),
  };
}

export const setup = defineWorkerSetup(({ args, seed }) => scalingTraining(args as ScalingArgs, seed));
