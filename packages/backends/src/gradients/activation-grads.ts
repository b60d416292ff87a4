/**
 * Gradients of activation kernels: ReLU family, ELU/SELU, leaky and parametric ReLU, sigmoid, tanh,
 * softplus and softmax.
 */
import * as tf from '@tensorflow/tfjs-core';
import { unaryGrad } from './math-grads.js';
import { normalizeAxis, saved, single, sumToShape } from './util.js';

const mask = (t: tf.Tensor): tf.Tensor => tf.cast(t, 'float32');

// SELU's constants, from Klambauer et al. 2017, "Self-Normalizing Neural Networks" (eq. 14).
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export const activationGrads: tf.GradConfig[] = [
  // The subgradient 0 at x = 0, as TensorFlow chooses.
  unaryGrad(tf.Relu, 'x', (x, dy) => tf.mul(dy, mask(tf.greater(x, 0)))),
  unaryGrad(tf.Relu6, 'x', (x, dy) => tf.mul(dy, mask(tf.logicalAnd(tf.greater(x, 0), tf.lessEqual(x, 6))))),
  // elu(x) = x for x > 0, exp(x) - 1 otherwise; so the slope is 1 or y + 1, and y > 0 exactly when x > 0.
  unaryGrad(tf.Elu, 'y', (_x, dy, y) => tf.where(tf.greater(y, 0), dy, tf.mul(dy, tf.add(y, 1)))),
  unaryGrad(tf.Selu, 'x', (x, dy) =>
    tf.where(
      tf.greater(x, 0),
      tf.mul(dy, SELU_SCALE),
      tf.mul(dy, tf.mul(SELU_SCALE * SELU_ALPHA, tf.exp(x))),
    ),
  ),
  unaryGrad(tf.LeakyRelu, 'x', (x, dy, _y, attrs) =>
    tf.where(tf.greater(x, 0), dy, tf.mul(dy, attrs.alpha as number)),
  ),
  unaryGrad(tf.Sigmoid, 'y', (_x, dy, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y)))),
  unaryGrad(tf.Tanh, 'y', (_x, dy, y) => tf.mul(dy, tf.sub(1, tf.square(y)))),
  unaryGrad(tf.Softplus, 'x', (x, dy) => tf.mul(dy, tf.sigmoid(x))),
  {
    kernelName: tf.Prelu,
    inputsToSave: ['x', 'alpha'],
    gradFunc: (dy, list) => {
      const x = saved(list, 0);
      const alpha = saved(list, 1);
      const g = single(dy);
      const positive = tf.greater(x, 0);
      return {
        x: () => tf.where(positive, g, tf.mul(g, alpha)),
        alpha: () => sumToShape(tf.where(positive, tf.zerosLike(x), tf.mul(g, x)), alpha.shape),
      };
    },
  },
  {
    // y = softmax(z) along `dim`: dz = y (dy - sum(dy y, dim)).
    kernelName: tf.Softmax,
    outputsToSave: [true],
    gradFunc: (dy, list, attrs) => {
      const y = saved(list, 0);
      const g = single(dy);
      const dim = normalizeAxis(attrs.dim as number, y.rank);
      return { logits: () => tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), dim, true))) };
    },
  },
];
