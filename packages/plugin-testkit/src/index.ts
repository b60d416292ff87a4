export { pluginConformance } from './plugin-conformance.js';
export type { ConformanceCheck, ConformanceOptions, EntrySpec } from './types.js';
