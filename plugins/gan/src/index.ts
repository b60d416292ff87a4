export {
  type AdversarialOptState,
  type AdversarialStepOptions,
  adversarialStep,
} from './adversarial-step.js';
export { type ConditionalGanOptions, conditionalGan } from './conditional-gan.js';
export { type DcganOptions, dcgan, type GanParts } from './dcgan.js';
export { encodePng } from './encode-png.js';
/** The plugin, as `strata train --plugin @strata/plugin-gan` loads it. */
export { ganPlugin, ganPlugin as default, PLUGIN_NAME, PLUGIN_VERSION } from './gan-plugin.js';
export { type SampleGridCallbackOptions, sampleGridCallback } from './sample-grid-callback.js';
export { type SampleGridOptions, writeSampleGrid } from './write-sample-grid.js';
