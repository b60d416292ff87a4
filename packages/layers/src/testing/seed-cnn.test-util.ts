// Test helper (not part of the package): the seed CNN of issue 4.
import { conv2d } from '../conv2d.js';
import { dense } from '../dense.js';
import { flatten } from '../flatten.js';
import { maxPool2d } from '../max-pool2d.js';
import { sequential } from '../sequential.js';

export function seedCnn() {
  return sequential(
    [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      flatten(),
      dense({ units: 64, activation: 'relu' }),
      dense({ units: 10 }),
    ],
    { name: 'cnn' },
  );
}

/** Parameters of a k×k convolution and a dense layer, with bias, by their closed forms. */
export const convParams = (k: number, cin: number, cout: number) => (k * k * cin + 1) * cout;
export const denseParams = (inDim: number, units: number) => (inDim + 1) * units;
