import type { Augmentation } from '@strata/augment';
import { ConfigError, createRng, disposeTree, type Registry } from '@strata/core';
import { Dataset, deriveSeed } from '@strata/data';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { EntryConfig } from './config.js';

/**
 * Mixed into the run's seed so the augmentation stream of epoch e is unrelated to the shuffle's stream
 * of the same epoch (both derive from the seed and the pass key). The bytes spell "aug".
 */
const AUGMENT_STREAM = 0x617567;

/** An augmentation named in a config, built. */
export interface NamedAugmentation {
  readonly label: string;
  readonly apply: Augmentation;
}

/**
 * `augment` of a config: an array of registry entries (`"strata/random-flip"` or
 * `{ "id": "strata/random-translation", "height": 0.1, "width": 0.1 }`). Missing means none.
 */
export function augmentConfig(
  value: unknown,
  source: string,
  entryConfig: (v: unknown, label: string) => EntryConfig,
): EntryConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ConfigError(
      `${source}: augment`,
      `must be an array of augmentation entries such as ["strata/random-flip"], got ${JSON.stringify(value)}`,
    );
  }
  return value.map((a, i) => entryConfig(a, `${source}: augment[${i}]`));
}

/**
 * The augmentations a config names, built from the registry (so their options are checked before any
 * data is read). Each must be an entry of kind `augmentations`.
 */
export function augmentationsFor(entries: readonly EntryConfig[], registry: Registry): NamedAugmentation[] {
  return entries.map((e, i) => {
    const label = `augment[${i}] '${e.id}'`;
    if (!registry.has(e.id)) {
      const known = registry
        .list('augmentations')
        .map((a) => a.id)
        .join(', ');
      throw new ConfigError(label, `no such entry; the augmentations registered are ${known}`);
    }
    const found = registry.get(e.id);
    if (found.kind !== 'augmentations') {
      throw new ConfigError(label, `is one of the ${found.kind}, not an augmentation`);
    }
    return { label, apply: found.factory(e.options) as Augmentation };
  });
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && typeof (v as Tensor).dataSync === 'function';
}

/**
 * Runs the augmentations in order on the images of one batch; labels pass through. An augmentation
 * that mixes labels (mixup, cutmix) or works on text fails here with a ConfigError naming it, since
 * `strata train`'s batches hold images and integer labels.
 */
function augmentImages(
  x: Tensor4D,
  augmentations: readonly NamedAugmentation[],
  rng: ReturnType<typeof createRng>,
) {
  let current = x;
  for (const { label, apply } of augmentations) {
    let out: unknown;
    try {
      out = apply({ x: current }, rng);
    } catch (e) {
      if (current !== x) current.dispose();
      const why = e instanceof Error ? e.message : String(e);
      throw new ConfigError(
        label,
        `cannot augment strata train's batches (images [N, H, W, C] with integer labels): ${why}`,
      );
    }
    const next = (out as { x?: unknown } | null)?.x;
    if (!isTensor(next) || next.rank !== 4) {
      if (current !== x) current.dispose();
      disposeTree(out);
      throw new ConfigError(
        label,
        'is not an image augmentation (it must take and return a batch of images); text augmentations apply to strings before tokenizing',
      );
    }
    if (current !== x) current.dispose();
    current = next as Tensor4D;
  }
  return current;
}

/**
 * The training batches with each batch's images augmented on the device. Pass `key` (epoch e) draws
 * from its own generator, `createRng(deriveSeed(seed ^ "aug", key))`, so a resumed run augments epoch
 * e exactly as an uninterrupted one and the same seed gives the same batches on every backend.
 * Without augmentations the batches are returned unchanged.
 */
export function augmentTraining<B extends { readonly x: unknown; readonly y: unknown }>(
  batches: Dataset<B>,
  augmentations: readonly NamedAugmentation[],
  seed: number,
): Dataset<B> {
  if (augmentations.length === 0) return batches;
  const up = batches.source;
  const base = deriveSeed(seed, [AUGMENT_STREAM]);
  return new Dataset<B>({
    size: up.size,
    dtypes: up.dtypes,
    async *open(key) {
      const rng = createRng(deriveSeed(base, key));
      for await (const batch of up.open(key)) {
        let x: Tensor4D;
        try {
          x = augmentImages(batch.x as Tensor4D, augmentations, rng);
        } catch (e) {
          disposeTree(batch);
          throw e;
        }
        (batch.x as Tensor).dispose();
        yield { ...batch, x } as B;
      }
    },
  });
}
