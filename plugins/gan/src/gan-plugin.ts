import {
  assertKnownKeys,
  ConfigError,
  definePlugin,
  type StepEntryInput,
  type StrataPlugin,
} from '@strata/core';
import { adversarialStep } from './adversarial-step.js';
import { conditionalGan } from './conditional-gan.js';
import { dcgan } from './dcgan.js';
import { sampleGridCallback } from './sample-grid-callback.js';

/** This package's name and version, recorded in every saved model's entry refs (`gan/dcgan@0.1.0`). */
export const PLUGIN_NAME = '@strata/plugin-gan';
export const PLUGIN_VERSION = '0.1.0';

/** `gan/sample-grid`'s config options: where, and the architecture entry whose generator draws. */
function sampleGridEntry(options: unknown) {
  const label = 'gan/sample-grid';
  const o = (options ?? {}) as Record<string, unknown>;
  assertKnownKeys(o, ['dir', 'model', 'count', 'seed'], label);
  const model = o.model as { id?: unknown } | undefined;
  if (!model || typeof model !== 'object') {
    throw new ConfigError(
      `${label}({model})`,
      'must name the architecture being trained, e.g. { "id": "gan/dcgan", "latent": 100 }',
    );
  }
  const { id, ...rest } = model as Record<string, unknown>;
  const build = id === 'gan/dcgan' ? dcgan : id === 'gan/conditional' ? conditionalGan : undefined;
  if (!build) {
    throw new ConfigError(
      `${label}({model})`,
      `id must be 'gan/dcgan' or 'gan/conditional', got ${JSON.stringify(id)}`,
    );
  }
  return sampleGridCallback({
    dir: o.dir as string,
    model: build(rest),
    ...(o.count === undefined ? {} : { count: o.count as number }),
    ...(o.seed === undefined ? {} : { seed: o.seed as number }),
  });
}

/**
 * The GAN plugin: architectures `gan/dcgan` and `gan/conditional`, the training step
 * `gan/adversarial` and the callback `gan/sample-grid`. Register it with `registry.use(ganPlugin())`,
 * or in `strata train` with `--plugin @strata/plugin-gan`.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@strata/core';
 * import { ganPlugin } from '@strata/plugin-gan';
 *
 * const registry = createRegistry().use(ganPlugin());
 * registry.get('gan/dcgan').ref; // => 'gan/dcgan@0.1.0'
 * registry.list('steps').map((e) => e.id); // => ['gan/adversarial']
 * ```
 */
export function ganPlugin(): StrataPlugin {
  return definePlugin({
    meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION, namespace: 'gan' },
    strata: '^0.1.0',
    architectures: {
      dcgan: (options: unknown) => dcgan(options as never),
      conditional: (options: unknown) => conditionalGan(options as never),
    },
    steps: { adversarial: (input: StepEntryInput) => adversarialStep(input) },
    callbacks: { 'sample-grid': sampleGridEntry as never },
  });
}

/** The export `strata train --plugin @strata/plugin-gan` loads: the same factory as `ganPlugin`. */
export const plugin = ganPlugin;
