import { ConfigError, type TensorTree } from '@strata/core';
import { generateImages } from './generate-images.js';
import { type GanParts, specOf } from './internal/gan-spec.js';
import { writeSampleGrid } from './write-sample-grid.js';

/** Options of `sampleGridCallback`. */
export interface SampleGridCallbackOptions {
  /** The folder the grids go to: `epoch-<n>.png` after epoch n (1-based). */
  readonly dir: string;
  /** The architecture being trained (a `dcgan` or `conditionalGan`), to run its generator. */
  readonly model: GanParts;
  /** Images in the grid; a conditional GAN's grid has one row per class. Default 64 (10 per class). */
  readonly count?: number;
  /** Seeds the fixed noise, so every epoch's grid shows the same draws. Default 0. */
  readonly seed?: number;
}

/** The fields of `TrainContext` this callback reads (structurally, so it needs no @strata/train). */
interface EpochContext {
  readonly params: TensorTree;
  readonly state: TensorTree;
}

/**
 * A training callback that writes a grid of generated images after every epoch: the generator in
 * inference mode on fixed noise (the same draws each epoch, so the grids show training progress),
 * one row per class for a conditional GAN. `strata train` shows the grids in the run report when
 * `dir` is the run's `samples` folder (`"{run}/samples"` in a config).
 *
 * @example
 * ```ts
 * import { dcgan, sampleGridCallback } from '@strata/plugin-gan';
 *
 * const callback = sampleGridCallback({ dir: 'runs/gan/samples', model: dcgan({ imageSize: 8, latent: 4 }) });
 * typeof callback.onEpochEnd; // => 'function'
 * ```
 */
export function sampleGridCallback(options: SampleGridCallbackOptions): {
  onEpochEnd(epoch: number, logs: unknown, ctx: EpochContext): void;
} {
  const label = 'gan/sample-grid';
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new ConfigError(`${label}({dir})`, `must be a folder path, got ${JSON.stringify(options?.dir)}`);
  }
  const spec = options.model && specOf(options.model);
  if (!spec) {
    throw new ConfigError(
      `${label}({model})`,
      'must be an architecture built by gan/dcgan or gan/conditional',
    );
  }
  const perClass =
    spec.classes > 0 ? Math.max(1, Math.floor((options.count ?? 10 * spec.classes) / spec.classes)) : 0;
  const count = spec.classes > 0 ? perClass * spec.classes : (options.count ?? 64);
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigError(
      `${label}({count})`,
      `must be a positive integer, got ${JSON.stringify(options.count)}`,
    );
  }
  const seed = options.seed ?? 0;
  return {
    onEpochEnd(epoch, _logs, ctx) {
      const images = generateImages(options.model, ctx, {
        count,
        seed,
        ...(spec.classes > 0
          ? { labels: Array.from({ length: count }, (_, i) => Math.floor(i / perClass)) }
          : {}),
      });
      try {
        writeSampleGrid(`${options.dir.replace(/\/+$/, '')}/epoch-${epoch + 1}.png`, images, {
          rows: spec.classes > 0 ? spec.classes : Math.ceil(Math.sqrt(count)),
        });
      } finally {
        images.dispose();
      }
    },
  };
}
