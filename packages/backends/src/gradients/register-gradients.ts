import * as tf from '@tensorflow/tfjs-core';
import { allGradients } from './all-gradients.js';

/**
 * Registers Strata's gradient functions with tfjs-core for every kernel that has none, and returns
 * the kernel names it registered.
 *
 * Why: `@tensorflow/tfjs-core` loaded in plain Node (its `dist/tf-core.node.js` main, which Node ESM,
 * `require` and vitest all load) registers no gradients, so `tf.grad(x => tf.div(x, 2))` fails with
 * "gradient function not found for RealDiv". Its bundler entry registers them as an import side
 * effect; Strata makes it an explicit call that works everywhere. Kernels that already have a gradient
 * (tfjs's own under a bundler, or a user's) are left alone, so calling this twice, or after tfjs has
 * registered its gradients, adds nothing and warns nothing.
 *
 * Call it once before the forward pass you differentiate: tfjs-core decides which tensors to keep for
 * backprop when each kernel runs. Gradients cover the kernels used by dense, convolution (including
 * dilated and transposed), depthwise convolution, pooling, batch/layer norm, embedding, RNN/LSTM/GRU
 * cells, dropout, the usual activations and losses, and shape ops; see the package README.
 *
 * @returns the names of the kernels whose gradients it registered (empty when none were missing)
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { registerGradients } from '@strata/backends';
 *
 * registerGradients();
 * const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.div(tf.square(x), 2)))(tf.tensor1d([1, 2, 3]));
 * // d/dx Σ x²/2 = x
 * dx; // => [1, 2, 3]
 * ```
 */
export function registerGradients(): string[] {
  const added: string[] = [];
  for (const config of allGradients) {
    if (tf.getGradient(config.kernelName) === undefined) {
      tf.registerGradient(config);
      added.push(config.kernelName);
    }
  }
  return added;
}
