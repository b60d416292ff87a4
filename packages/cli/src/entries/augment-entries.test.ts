import type { Augmentation, TextAugmentation } from '@strata/augment';
import { ConfigError, createRegistry, createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { strataPlugin } from './strata-plugin.js';

const registry = createRegistry().use(strataPlugin());

describe('augmentation entries', () => {
  it('registers each augmentation under strata/<kebab-name>', () => {
    // A literal np.rot90 case: [[1, 2], [3, 4]] → [[2, 4], [1, 3]].
    const turn = registry.create('strata/rot90', { k: 1 }) as Augmentation;
    const out = turn({ x: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) }, createRng(0));
    expect(Array.from(out.x.dataSync())).toEqual([2, 4, 1, 3]);
    for (const id of [
      'center-crop',
      'cutmix',
      'cutout',
      'gaussian-blur',
      'random-hue',
      'random-saturation',
      'augment-gaussian-noise',
      'mixup',
      'random-brightness',
      'random-contrast',
      'random-crop',
      'random-erasing',
      'random-flip',
      'random-rotation',
      'random-shear',
      'random-translation',
      'random-zoom',
      'resize',
    ]) {
      expect(registry.has(`strata/${id}`), id).toBe(true);
    }
    out.x.dispose();
  });

  it('registers the text augmentations, whose lexicon comes from the config', () => {
    const replace = registry.create('strata/synonym-replacement', {
      lexicon: { quick: ['fast'] },
      alpha: 0.5,
    }) as TextAugmentation;
    expect(replace(['the quick fox'], createRng(0))).toEqual(['the fast fox']);
    for (const id of ['character-noise', 'random-deletion', 'random-insertion', 'random-swap']) {
      expect(registry.has(`strata/${id}`), id).toBe(true);
    }
  });

  it('options are checked by the augmentation, naming it', () => {
    expect(() => registry.create('strata/random-flip', { mode: 'sideways' })).toThrow(ConfigError);
    expect(() => registry.create('strata/random-rotation', { factor: 0.1, angle: 3 })).toThrow(
      /randomRotation.*angle/,
    );
  });
});
