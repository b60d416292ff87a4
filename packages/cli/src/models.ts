import type { Layer } from '@strata/core';
import { conv2d, dense, flatten, maxPool2d, sequential } from '@strata/layers';

/**
 * The seed CNN: Conv2D 32 → MaxPool → Conv2D 64 → MaxPool → Conv2D 64 → Flatten → Dense 64 → Dense 10,
 * 3×3 kernels, VALID padding and ReLU as in the Keras/TensorFlow CNN tutorial; 93,322 params on 28×28×1.
 */
export function seedCnn(classes = 10): Layer {
  return sequential(
    [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      flatten(),
      dense({ units: 64, activation: 'relu' }),
      dense({ units: classes }),
    ],
    { name: 'cnn' },
  );
}

/** A multilayer perceptron 784-256-128-10. */
export function mlp(classes = 10): Layer {
  return sequential(
    [
      flatten(),
      dense({ units: 256, activation: 'relu' }),
      dense({ units: 128, activation: 'relu' }),
      dense({ units: classes }),
    ],
    { name: 'mlp' },
  );
}
