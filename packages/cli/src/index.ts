export { parseCli, USAGE } from './args.js';
export { CONFIG_KEYS, readConfigSource, type TrainConfig, validateConfig } from './config.js';
export { type Io, main } from './main.js';
export { mlp, seedCnn } from './models.js';
export { PRESETS, type PresetName } from './presets.js';
