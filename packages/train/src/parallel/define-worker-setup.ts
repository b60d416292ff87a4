import type { WorkerSetupFunction } from './types.js';

/**
 * Types a worker module's setup function (it returns it unchanged). The module is what each worker of
 * `fit({ workers })` imports to build its own model, loss, optimizer and data; see docs/scaling.md.
 *
 * @example
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
 */
export function defineWorkerSetup<OS>(setup: WorkerSetupFunction<OS>): WorkerSetupFunction<OS> {
  return setup;
}
