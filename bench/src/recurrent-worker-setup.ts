// What each worker of the recurrent workers subject builds for itself (see worker-subjects.ts): the
// imdb model (embedding → lstm or gru → dense) on the bench's synthetic token ids, as trainStep is
// timed in one process (recurrent-subjects.ts): binary cross-entropy from the logit, Adam 1e-3.
import { fromArray } from '@strata/data';
import { binaryCrossentropy } from '@strata/losses';
import { adam } from '@strata/optim';
import { defineWorkerSetup } from '@strata/train';
import { IMDB, imdbBatches, imdbModel, type RecurrentModel } from './recurrent-subjects.js';

export interface RecurrentWorkerArgs {
  readonly cell: RecurrentModel;
  /** Global batches of IMDB.batch per epoch. */
  readonly batches: number;
}

export const setup = defineWorkerSetup(({ args, seed }) => {
  const { cell, batches } = args as RecurrentWorkerArgs;
  const samples = imdbBatches(batches).flatMap(({ ids, labels }) =>
    Array.from(labels, (label, i) => ({
      x: ids.slice(i * IMDB.steps, (i + 1) * IMDB.steps),
      y: Float32Array.of(label),
    })),
  );
  return {
    model: imdbModel(cell),
    inputShape: [null, IMDB.steps],
    loss: binaryCrossentropy({ fromLogits: true }),
    optimizer: adam({ learningRate: 1e-3 }),
    data: fromArray(samples).shuffle('all', { seed }).batch(IMDB.batch),
  };
});
