import {
  type Augmentation,
  centerCrop,
  characterNoise,
  cutmix,
  cutout,
  gaussianBlur,
  gaussianNoise,
  mixup,
  randomBrightness,
  randomContrast,
  randomCrop,
  randomDeletion,
  randomErasing,
  randomFlip,
  randomHue,
  randomInsertion,
  randomRotation,
  randomSaturation,
  randomShear,
  randomSwap,
  randomTranslation,
  randomZoom,
  resize,
  rot90,
  synonymReplacement,
  type TextAugmentation,
} from '@strata/augment';

type Options<F extends (o: never) => Augmentation | TextAugmentation> = Parameters<F>[0];

/**
 * Every `@strata/augment` augmentation by its registry id (`strata/<kebab-name>`; `gaussianNoise` is
 * `strata/augment-gaussian-noise`, since the layer holds `strata/gaussian-noise`). Each augmentation
 * checks its own options (unknown keys, types, ranges) and throws a labelled error naming itself, so
 * an entry only passes the config's options through, as the layer entries do.
 */
export const AUGMENT_ENTRIES: Readonly<
  Record<string, (options: unknown) => Augmentation | TextAugmentation>
> = {
  'center-crop': (o) => centerCrop(o as Options<typeof centerCrop>),
  cutmix: (o) => cutmix((o ?? {}) as Options<typeof cutmix>),
  cutout: (o) => cutout(o as Options<typeof cutout>),
  // Ids are one namespace across kinds, and strata/gaussian-noise is the layer (Keras's GaussianNoise).
  'augment-gaussian-noise': (o) => gaussianNoise(o as Options<typeof gaussianNoise>),
  'gaussian-blur': (o) => gaussianBlur(o as Options<typeof gaussianBlur>),
  mixup: (o) => mixup((o ?? {}) as Options<typeof mixup>),
  'random-brightness': (o) => randomBrightness(o as Options<typeof randomBrightness>),
  'random-contrast': (o) => randomContrast(o as Options<typeof randomContrast>),
  'random-crop': (o) => randomCrop(o as Options<typeof randomCrop>),
  'random-erasing': (o) => randomErasing((o ?? {}) as Options<typeof randomErasing>),
  'random-flip': (o) => randomFlip((o ?? {}) as Options<typeof randomFlip>),
  'random-hue': (o) => randomHue(o as Options<typeof randomHue>),
  'random-rotation': (o) => randomRotation(o as Options<typeof randomRotation>),
  'random-saturation': (o) => randomSaturation(o as Options<typeof randomSaturation>),
  'random-shear': (o) => randomShear((o ?? {}) as Options<typeof randomShear>),
  'random-translation': (o) => randomTranslation((o ?? {}) as Options<typeof randomTranslation>),
  'random-zoom': (o) => randomZoom(o as Options<typeof randomZoom>),
  resize: (o) => resize(o as Options<typeof resize>),
  rot90: (o) => rot90((o ?? {}) as Options<typeof rot90>),
  // Text (EDA, Wei & Zou 2019): functions over string arrays; the lexicon is config data.
  'character-noise': (o) => characterNoise((o ?? {}) as Options<typeof characterNoise>),
  'random-deletion': (o) => randomDeletion((o ?? {}) as Options<typeof randomDeletion>),
  'random-insertion': (o) => randomInsertion(o as Options<typeof randomInsertion>),
  'random-swap': (o) => randomSwap((o ?? {}) as Options<typeof randomSwap>),
  'synonym-replacement': (o) => synonymReplacement(o as Options<typeof synonymReplacement>),
};
