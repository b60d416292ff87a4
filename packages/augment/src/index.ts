export { centerCrop } from './center-crop.js';
export { compose } from './compose.js';
export { cutmix } from './cutmix.js';
export { type CutoutOptions, cutout } from './cutout.js';
export { gaussianBlur } from './gaussian-blur.js';
export { gaussianNoise } from './gaussian-noise.js';
export { mixup } from './mixup.js';
export { oneOf } from './one-of.js';
export { randomApply } from './random-apply.js';
export { type RandomBrightnessOptions, randomBrightness } from './random-brightness.js';
export { type RandomContrastOptions, randomContrast } from './random-contrast.js';
export { type RandomCropOptions, randomCrop } from './random-crop.js';
export { type RandomErasingOptions, randomErasing } from './random-erasing.js';
export { type RandomFlipOptions, randomFlip } from './random-flip.js';
export { randomHue } from './random-hue.js';
export { type RandomRotationOptions, randomRotation } from './random-rotation.js';
export { randomSaturation } from './random-saturation.js';
export { type RandomShearOptions, randomShear } from './random-shear.js';
export { type RandomTranslationOptions, randomTranslation } from './random-translation.js';
export { type RandomZoomOptions, randomZoom } from './random-zoom.js';
export { resize } from './resize.js';
export { rot90 } from './rot90.js';
export {
  type CharacterNoiseOptions,
  type CharacterOperation,
  characterNoise,
} from './text/character-noise.js';
export { composeText } from './text/compose-text.js';
export { randomDeletion } from './text/random-deletion.js';
export { randomInsertion } from './text/random-insertion.js';
export { randomSwap } from './text/random-swap.js';
export { synonymReplacement } from './text/synonym-replacement.js';
export type { Lexicon, TextAugmentation } from './text/types.js';
export type {
  Augmentation,
  AugmentBatch,
  FillMode,
  Interpolation,
  Range,
  ValueRange,
} from './types.js';
