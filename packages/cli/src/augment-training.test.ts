import { ConfigError } from '@strata/core';
import { fromArray } from '@strata/data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentationsFor, augmentTraining } from './augment-training.js';
import { validateConfig } from './config.js';
import { resultChanges } from './run-folder.js';
import { entriesFor, registryFor } from './run-setup.js';

const N = 8;
const H = 3;
const W = 4;

/** Image i holds the distinct values 100·i + (r·W + c) at row r, column c. */
function pixels(i: number): number[] {
  return Array.from({ length: H * W }, (_, p) => 100 * i + p);
}

/** The same image mirrored left to right, computed by index. */
function mirrored(i: number): number[] {
  const v = pixels(i);
  const out: number[] = [];
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) out.push(v[r * W + (W - 1 - c)] as number);
  return out;
}

function batches() {
  const rows = Array.from({ length: N }, (_, i) => ({
    x: { values: new Float32Array(pixels(i)), shape: [H, W, 1] },
    y: i,
  }));
  return fromArray(rows).batch(4);
}

async function pass(ds: ReturnType<typeof batches>, epoch: number) {
  const images: number[][] = [];
  const labels: number[] = [];
  for await (const b of ds.iterate({ epoch })) {
    const x = b.x as tf.Tensor;
    const flat = Array.from(x.dataSync());
    for (let k = 0; k < x.shape[0]!; k++) images.push(flat.slice(k * H * W, (k + 1) * H * W));
    labels.push(...Array.from((b.y as tf.Tensor).dataSync()));
    tf.dispose([b.x as tf.Tensor, b.y as tf.Tensor]);
  }
  return { images, labels };
}

describe('augment: the config field applied to training batches', () => {
  let registry: Awaited<ReturnType<typeof registryFor>>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registry = await registryFor([]);
  });

  it('reads augment as registry entries, by id or { id, ...options }, none by default', () => {
    const c = validateConfig(
      { augment: ['strata/random-flip', { id: 'strata/random-translation', height: 0.1 }] },
      'test',
    );
    expect(c.augment).toEqual([
      { id: 'strata/random-flip', options: {} },
      { id: 'strata/random-translation', options: { height: 0.1 } },
    ]);
    expect(validateConfig({}, 'test').augment).toEqual([]);
    expect(() => validateConfig({ augment: 'strata/random-flip' }, 'test')).toThrow(
      /test: augment: must be an array of augmentation entries/,
    );
    expect(() => validateConfig({ augment: [3] }, 'test')).toThrow(
      /test: augment\[0\]: must name a registry entry/,
    );
  });

  it('refuses an unknown id, an entry of another kind and bad options before any data is read', () => {
    expect(() => augmentationsFor([{ id: 'strata/no-such', options: {} }], registry)).toThrow(
      /augment\[0\] 'strata\/no-such': no such entry; the augmentations registered are .*strata\/random-flip/,
    );
    expect(() => augmentationsFor([{ id: 'strata/adam', options: {} }], registry)).toThrow(
      /augment\[0\] 'strata\/adam': is one of the optimizers, not an augmentation/,
    );
    expect(() =>
      augmentationsFor([{ id: 'strata/random-flip', options: { mode: 'sideways' } }], registry),
    ).toThrow(/random/i);
  });

  it('flips each image or leaves it, labels untouched, reproducibly per seed and epoch; numTensors flat', async () => {
    const flip = augmentationsFor([{ id: 'strata/random-flip', options: {} }], registry);
    const before = tf.memory().numTensors;
    const a = await pass(augmentTraining(batches(), flip, 7), 0);
    expect(a.labels).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    let flipped = 0;
    a.images.forEach((img, i) => {
      const same = img.join() === pixels(i).join();
      const mirror = img.join() === mirrored(i).join();
      expect(same || mirror).toBe(true);
      if (mirror) flipped++;
    });
    // Each flip has probability ½: 8 samples all alike would be a 1-in-128 seed, not this one.
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(N);
    // A fresh pipeline asked for the same epoch (a resumed run) gives the same batches.
    expect(await pass(augmentTraining(batches(), flip, 7), 0)).toEqual(a);
    // Other epochs draw other flips (over 4 epochs, some sample's choice changes).
    const later = await Promise.all([1, 2, 3].map((e) => pass(augmentTraining(batches(), flip, 7), e)));
    expect(later.some((p) => p.images.join('|') !== a.images.join('|'))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('translation moves content by whole pixels with zero fill (a hand-computed shift)', async () => {
    // height ±1/3 of 3 rows and width 0: each image moves by -1, 0 or +1 rows; nearest sampling of
    // whole-pixel shifts leaves each row either the original row r - dy or zeros.
    const shift = augmentationsFor(
      [
        {
          id: 'strata/random-translation',
          options: { height: [-1 / 3, 1 / 3], width: 0, interpolation: 'nearest' },
        },
      ],
      registry,
    );
    const { images } = await pass(augmentTraining(batches(), shift, 3), 0);
    let moved = 0;
    images.forEach((img, i) => {
      if (img.map((v) => Math.round(v)).join() !== pixels(i).join()) moved++;
      const src = pixels(i);
      const candidates = [-1, 0, 1].map((dy) => {
        const out: number[] = [];
        for (let r = 0; r < H; r++)
          for (let c = 0; c < W; c++) {
            const from = r - dy;
            out.push(from >= 0 && from < H ? (src[from * W + c] as number) : 0);
          }
        return out.join();
      });
      expect(candidates).toContain(img.map((v) => Math.round(v)).join());
    });
    expect(moved).toBeGreaterThan(0);
  });

  it('a label-mixing or text augmentation fails on the first batch naming the entry; nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const mix = augmentationsFor([{ id: 'strata/mixup', options: {} }], registry);
    await expect(pass(augmentTraining(batches(), mix, 0), 0)).rejects.toThrow(ConfigError);
    await expect(pass(augmentTraining(batches(), mix, 0), 0)).rejects.toThrow(/augment\[0\] 'strata\/mixup'/);
    const text = augmentationsFor([{ id: 'strata/random-swap', options: {} }], registry);
    await expect(pass(augmentTraining(batches(), text, 0), 0)).rejects.toThrow(
      /augment\[0\] 'strata\/random-swap'/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the fashion-mnist preset names a CNN and its augmentations, all of which build', async () => {
    const config = validateConfig({ preset: 'fashion-mnist' }, 'preset fashion-mnist');
    expect(config.dataset.id).toBe('strata/fashion-mnist');
    expect(config.augment.map((a) => a.id)).toEqual(['strata/random-flip']);
    const { model } = entriesFor(config, registry);
    expect(model.name).toBe('fashion-cnn');
  });

  it('resuming compares augment: a changed list blocks it, a run saved before the field counts as none', () => {
    const { resume: _, ...saved } = validateConfig({ preset: 'fashion-mnist' }, 'saved');
    const flipOnly = { ...saved, augment: [{ id: 'strata/random-flip', options: {} }] };
    expect(resultChanges(saved, flipOnly)).toEqual([
      `augment: ${JSON.stringify(saved.augment)} → [{"id":"strata/random-flip","options":{}}]`,
    ]);
    const { augment: __, ...older } = { ...saved, augment: [] };
    expect(resultChanges(older, { ...saved, augment: [] })).toEqual([]);
    expect(resultChanges(older, flipOnly)).toEqual([
      'augment: [] → [{"id":"strata/random-flip","options":{}}]',
    ]);
  });

  it('without augmentations the batches are the same dataset', () => {
    const ds = batches();
    expect(augmentTraining(ds, [], 0)).toBe(ds);
  });
});
