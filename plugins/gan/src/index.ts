export {
  type AdversarialOptState,
  type AdversarialStepOptions,
  adversarialStep,
} from './adversarial-step.js';
export { type ConditionalGanOptions, conditionalGan } from './conditional-gan.js';
export { type DcganOptions, dcgan, type GanParts } from './dcgan.js';
export { encodePng } from './encode-png.js';
// `plugin` is what `strata train --plugin @strata/plugin-gan` loads.
export { ganPlugin, PLUGIN_NAME, PLUGIN_VERSION, plugin } from './gan-plugin.js';
export { type GenerateImagesOptions, generateImages } from './generate-images.js';
export { type SampleGridCallbackOptions, sampleGridCallback } from './sample-grid-callback.js';
export {
  type SampleGrid,
  type SampleGridOptions,
  sampleGrid,
  writeSampleGrid,
} from './write-sample-grid.js';
