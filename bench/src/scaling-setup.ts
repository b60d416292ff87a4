// What each worker of the scaling benchmark builds for itself (see scaling.ts): the seed CNN (or an
// MLP) on the first `batches` global batches of MNIST, Adam 1e-3, softmax cross-entropy from logits.
import { mnist } from '@strata/data/node';
import { conv2d, dense, flatten, maxPool2d, sequential } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { defineWorkerSetup, type WorkerSetup } from '@strata/train';

export interface ScalingArgs {
  readonly model: 'cnn' | 'mlp';
  /** Global batch size. */
  readonly batch: number;
  /** Global batches per epoch. */
  readonly batches: number;
}

/** The seed CNN (Keras/TensorFlow CNN tutorial), 93,322 params. */
export function seedCnn() {
  return sequential([
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    flatten(),
    dense({ units: 64, activation: 'relu' }),
    dense({ units: 10 }),
  ]);
}

/** The MLP 784-256-128-10 (relu), 235,146 params: little compute per parameter exchanged. */
export function mlp() {
  return sequential([
    flatten(),
    dense({ units: 256, activation: 'relu' }),
    dense({ units: 128, activation: 'relu' }),
    dense({ units: 10 }),
  ]);
}

/** The training fields, for a worker's setup and for the single-process reference alike. */
export async function scalingTraining(args: ScalingArgs, seed: number): Promise<WorkerSetup> {
  const { train } = await mnist({ validation: 0 });
  return {
    model: args.model === 'cnn' ? seedCnn() : mlp(),
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
