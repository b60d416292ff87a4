import type { WorkerSetupFunction } from './types.js';

/**
 * Types a worker module's setup function (it returns it unchanged). The module is what each worker of
 * `fit({ workers })` imports to build its own model, loss, optimizer and data; see docs/scaling.md.
 *
 * @example
 * ```ts
 * import { useBackend } from '@strata/backends';
 * import { fromArray } from '@strata/data';
 * import { dense, zeros } from '@strata/layers';
 * import { meanSquaredError } from '@strata/losses';
 * import { sgd } from '@strata/optim';
 * import { defineWorkerSetup, fit } from '@strata/train';
 *
 * // train-setup.ts: every worker calls this to build its own model, loss, optimizer and data.
 * const setup = defineWorkerSetup(({ seed }) => ({
 *   model: dense({ units: 1, kernelInitializer: zeros() }), inputShape: [null, 1],
 *   loss: meanSquaredError(), optimizer: sgd({ learningRate: 0.1 }),
 *   data: fromArray([
 *     { x: new Float32Array([1]), y: new Float32Array([2]) },
 *     { x: new Float32Array([2]), y: new Float32Array([4]) },
 *   ]).shuffle('all', { seed }).batch(2),
 * }));
 * // What a worker builds is what a single-process fit takes: at w = b = 0, loss (2² + 4²) / 2 = 10.
 * await useBackend('cpu');
 * const built = await setup({ rank: 0, workers: 1, args: null, seed: 0 });
 * (await fit({ ...built, epochs: 1 })).history[0]!.loss; // => 10.0
 * ```
 *
 * @example
 * The setup as a module that worker threads import (runnable as a program, not in a test, hence `no-run`):
 * ```ts no-run
 * // train-setup.ts
 * export const setup = defineWorkerSetup(async ({ seed }) => {
 *   const { train } = await mnist({ validation: 0 });
 *   return {
 *     model: sequential([flatten(), dense({ units: 10 })]), inputShape: [null, 28, 28, 1],
 *     loss: sparseCategoricalCrossentropy({ fromLogits: true }), optimizer: adam({ learningRate: 1e-3 }),
 *     data: train.shuffle('all', { seed }).batch(64),
 *   };
 * });
 * // main.ts
 * await fit({ workers: { count: 2, module: new URL('./train-setup.js', import.meta.url) }, epochs: 3 });
 * ```
 */
export function defineWorkerSetup<OS>(setup: WorkerSetupFunction<OS>): WorkerSetupFunction<OS> {
  return setup;
}
