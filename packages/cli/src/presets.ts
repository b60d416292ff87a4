/**
 * Named starting points for `strata train`. `mnist-cnn` is the seed network (Conv2D 32 → MaxPool →
 * Conv2D 64 → MaxPool → Conv2D 64 → Flatten → Dense 64 → Dense 10, ReLU, Adam, sparse softmax
 * cross-entropy from logits) on MNIST, sized to finish within 10 minutes on 2 cores.
 */
export const PRESETS = {
  'mnist-cnn': {
    dataset: 'mnist',
    model: 'cnn',
    backend: 'auto',
    epochs: 5,
    batchSize: 32,
    learningRate: 1e-3,
    decayTo: 0.05,
    seed: 0,
    validation: 5000,
    patience: 0,
    name: 'mnist-cnn',
    out: 'runs',
    resume: false,
  },
  /** The same network trained longer, for the best accuracy (≥ 99.2% on the test set). */
  'mnist-cnn-long': {
    dataset: 'mnist',
    model: 'cnn',
    backend: 'auto',
    epochs: 15,
    batchSize: 32,
    learningRate: 1e-3,
    decayTo: 0.02,
    seed: 0,
    validation: 5000,
    patience: 5,
    name: 'mnist-cnn-long',
    out: 'runs',
    resume: false,
  },
  /** A multilayer perceptron 784-256-128-10: quick to train anywhere. */
  'mnist-mlp': {
    dataset: 'mnist',
    model: 'mlp',
    backend: 'auto',
    epochs: 5,
    batchSize: 64,
    learningRate: 1e-3,
    decayTo: 0.1,
    seed: 0,
    validation: 5000,
    patience: 0,
    name: 'mnist-mlp',
    out: 'runs',
    resume: false,
  },
} as const;

export type PresetName = keyof typeof PRESETS;
