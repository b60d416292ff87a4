// Test helper (not part of the package): the seed CNN of issue 4.
import { conv2d } from '../conv2d.js';
import { dense } from '../dense.js';
import { flatten } from '../flatten.js';
import { maxPool2d } from '../max-pool2d.js';
import { sequential } from '../sequential.js';

/** The layer constructors the seed CNN is built from (another copy of this package's may be passed). */
export interface SeedCnnApi {
  readonly conv2d: typeof conv2d;
  readonly dense: typeof dense;
  readonly flatten: typeof flatten;
  readonly maxPool2d: typeof maxPool2d;
}

/** The seed CNN's layers, in order. */
export function seedCnnLayers(api: SeedCnnApi = { conv2d, dense, flatten, maxPool2d }) {
  return [
    api.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    api.maxPool2d({ poolSize: 2 }),
    api.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    api.maxPool2d({ poolSize: 2 }),
    api.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    api.flatten(),
    api.dense({ units: 64, activation: 'relu' }),
    api.dense({ units: 10 }),
  ];
}

export function seedCnn() {
  return sequential(seedCnnLayers(), { name: 'cnn' });
}

/** Parameters of a k×k convolution and a dense layer, with bias, by their closed forms. */
export const convParams = (k: number, cin: number, cout: number) => (k * k * cin + 1) * cout;
export const denseParams = (inDim: number, units: number) => (inDim + 1) * units;
