// Compiled by `pnpm typecheck`: the @ts-expect-error lines fail the build if wrong options type-check.
import { createRegistry } from './index.js';

interface DemoOptions {
  units: number;
  activation?: 'relu' | 'tanh';
}

declare module './registry.js' {
  interface ArchitectureMap {
    'demo/mlp': DemoOptions;
  }
}

const registry = createRegistry();
export const ok = () => registry.create('demo/mlp', { units: 3, activation: 'relu' });
// @ts-expect-error units must be a number
export const wrongType = () => registry.create('demo/mlp', { units: '3' });
// @ts-expect-error units is required
export const missing = () => registry.create('demo/mlp', {});
// @ts-expect-error activation is not one of the declared values
export const wrongValue = () => registry.create('demo/mlp', { units: 1, activation: 'gelu' });
// Undeclared ids take unknown options.
export const untyped = () => registry.create('other/thing', 42);
