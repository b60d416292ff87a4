import { strataPlugin } from '@strata/cli';
import { createRegistry, type Layer } from '@strata/core';

const registry = createRegistry().use(strataPlugin());

/**
 * The networks the benchmark times, from Strata's registry entries, so the seed CNN is defined once
 * (`strata/cnn`: conv32 → maxpool → conv64 → maxpool → conv64 → dense64 → dense10, 93,322 params) and
 * the MLP too (`strata/mlp`: 784-256-128-10, 235,146 params).
 */
export function benchModel(name: 'cnn' | 'mlp'): Layer {
  return registry.create(`strata/${name}`, {}) as Layer;
}
