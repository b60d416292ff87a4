import type { Layer } from '@strata/core';
import type { Mnist } from '@strata/data';
import { mnist } from '@strata/data/node';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { accuracy } from '@strata/metrics';
import { adam, cosineDecay } from '@strata/optim';
import { defineWorkerSetup, type SupervisedStepOptions, type WorkerSetupData } from '@strata/train';
import type { TrainConfig } from './config.js';
import { mlp, seedCnn } from './models.js';

export const EVAL_BATCH = 500;

/**
 * What `strata train` trains for a config: the model, loss, optimizer (Adam with cosine decay over the
 * whole run), the shuffled training batches, validation batches and metrics. One definition for the
 * single-process run and for every worker of a `--workers` run, so both train the same thing.
 */
export function trainingFor(
  config: TrainConfig,
  data: Mnist,
): WorkerSetupData & SupervisedStepOptions<unknown> & { readonly stepsPerEpoch: number } {
  const model: Layer = config.model === 'cnn' ? seedCnn() : mlp();
  const stepsPerEpoch = Math.ceil(
    (data.train.cardinality() ?? 60_000 - config.validation) / config.batchSize,
  );
  const totalSteps = stepsPerEpoch * config.epochs;
  const learningRate =
    config.decayTo === 1
      ? config.learningRate
      : cosineDecay({ initialValue: config.learningRate, decaySteps: totalSteps, alpha: config.decayTo });
  return {
    model,
    inputShape: [null, 28, 28, 1],
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
    optimizer: adam({ learningRate }),
    data: data.train.shuffle('all', { seed: config.seed }).batch(config.batchSize).prefetch(2),
    ...(config.validation > 0 ? { validationData: data.validation.batch(EVAL_BATCH) } : {}),
    metrics: { accuracy: accuracy() },
    stepsPerEpoch,
  };
}

/**
 * The module each worker of `strata train --workers` imports: it reads MNIST itself and builds the
 * training from the config it is handed, so no data passes through the main thread.
 */
export const setup = defineWorkerSetup(async ({ args }) => {
  const config = args as TrainConfig;
  const data = await mnist({ validation: config.validation, seed: config.seed });
  const { stepsPerEpoch: _, ...training } = trainingFor(config, data);
  return training;
});
