import { useBackend } from '@strata/backends';
import { createRng, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerCrop } from './center-crop.js';
import { compose } from './compose.js';
import { cutmix } from './cutmix.js';
import { cutout } from './cutout.js';
import { gaussianBlur } from './gaussian-blur.js';
import { gaussianNoise } from './gaussian-noise.js';
import { mixup } from './mixup.js';
import { oneOf } from './one-of.js';
import { randomApply } from './random-apply.js';
import { randomBrightness } from './random-brightness.js';
import { randomContrast } from './random-contrast.js';
import { randomCrop } from './random-crop.js';
import { randomErasing } from './random-erasing.js';
import { randomFlip } from './random-flip.js';
import { randomHue } from './random-hue.js';
import { randomRotation } from './random-rotation.js';
import { randomSaturation } from './random-saturation.js';
import { randomShear } from './random-shear.js';
import { randomTranslation } from './random-translation.js';
import { randomZoom } from './random-zoom.js';
import { resize } from './resize.js';
import { rot90 } from './rot90.js';
import type { Augmentation } from './types.js';

const cases: [string, Augmentation][] = [
  ['randomFlip', randomFlip({ mode: 'horizontal_and_vertical' })],
  ['rot90', rot90({ k: 3 })],
  ['randomRotation', randomRotation({ factor: 0.3 })],
  ['randomTranslation', randomTranslation({ height: 0.3, width: 0.3 })],
  ['randomZoom', randomZoom({ height: [-0.4, 0.4], width: 0.2, fillMode: 'nearest' })],
  ['randomShear', randomShear({ x: 0.3, y: 0.2 })],
  ['randomCrop', randomCrop({ height: 6, width: 6, padding: 2 })],
  ['centerCrop', centerCrop({ height: 5, width: 4 })],
  ['resize', resize({ height: 11, width: 5 })],
  ['randomBrightness', randomBrightness({ factor: 0.3 })],
  ['randomContrast', randomContrast({ factor: 0.5 })],
  ['gaussianNoise', gaussianNoise({ stddev: 0.1 })],
  ['gaussianBlur', gaussianBlur({ kernelSize: 5, sigma: [0.5, 2] })],
  ['randomSaturation', randomSaturation({ factor: [0.2, 1.8] })],
  ['randomHue', randomHue({ maxDelta: 0.3 })],
  ['cutout', cutout({ size: 3, count: 2 })],
  ['randomErasing', randomErasing({ probability: 0.8 })],
  ['mixup', mixup({ alpha: 0.4 })],
  ['cutmix', cutmix()],
  [
    'compose/oneOf/randomApply',
    compose([oneOf([rot90(), randomFlip()]), randomApply(randomRotation({ factor: 0.1 }), 0.5)]),
  ],
];

/** One augmented batch as plain arrays, from the same seed. */
function augmented(aug: Augmentation): number[][] {
  return tf.tidy(() => {
    const x = randomUniform(createRng(1), [5, 8, 8, 3]) as tf.Tensor4D;
    const y = tf.cast(tf.oneHot(tf.tensor1d([0, 2, 1, 2, 0], 'int32'), 3), 'float32');
    const out = aug({ x, y }, createRng(2));
    return [Array.from(out.x.dataSync()), Array.from(out.y!.dataSync())];
  });
}

describe('the same seed gives the same batch on cpu and on each backend that trains', () => {
  const reference = new Map<string, number[][]>();

  beforeAll(async () => {
    await useBackend('cpu');
    for (const [name, aug] of cases) reference.set(name, augmented(aug));
  });

  afterAll(async () => {
    await useBackend('cpu');
  });

  describe.each(['wasm'] as const)('%s', (backend) => {
    it.each(cases)('%s', async (name, aug) => {
      await useBackend(backend);
      expect(tf.getBackend()).toBe(backend);
      const before = tf.memory().numTensors;
      const got = augmented(aug);
      expect(tf.memory().numTensors).toBe(before);
      const want = reference.get(name)!;
      got.forEach((values, i) => {
        expect(values.length).toBe(want[i]!.length);
        values.forEach((v, j) => {
          expect(Math.abs(v - want[i]![j]!)).toBeLessThanOrEqual(1e-5);
        });
      });
    });
  });
});
