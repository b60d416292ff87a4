export { type ParsedArgs, parseCli, type RunFlags, USAGE } from './args.js';
export {
  CONFIG_KEYS,
  type EntryConfig,
  LIMITS,
  readConfigSource,
  type TrainConfig,
  validateConfig,
} from './config.js';
export { entryOptions, type OptionSpec } from './entries/entry-options.js';
export { selectClasses } from './entries/select-classes.js';
export { type ClassificationData, type DatasetEntry, strataPlugin } from './entries/strata-plugin.js';
export { type ErrorReport, errorReport } from './error-report.js';
export { findPlugin, type PluginModule, usePlugin } from './load-plugins.js';
export { type Io, main } from './main.js';
export { presetNames, readPreset } from './presets.js';
export { type ReportInput, renderReport, writeReport } from './report.js';
export { assertEntriesRegistered, type RecordedEntry, registryFor, trainingFor } from './run-setup.js';
