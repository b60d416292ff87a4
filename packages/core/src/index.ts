export * from './custom-op.js';
export * from './errors.js';
export * from './fused-kernels.js';
export * from './pcg32.js';
export * from './random.js';
export * from './registry.js';
export * from './tree.js';
export type * from './types.js';
export { VERSION } from './version.js';
