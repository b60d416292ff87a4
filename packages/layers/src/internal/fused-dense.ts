import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../activations.js';
import { activationGrad, fusedAttrs } from './activation-grad.js';
import { lazyGradOp } from './lazy-grad-op.js';

/**
 * y = act(x · kernel + bias) over the last axis of `x`, in one `_FusedMatMul` kernel, with its gradient
 * written out (a `customGrad`): tfjs's own `tf.fused.matMul` falls back to three unfused kernels
 * whenever a gradient is being recorded and the activation is not linear, and those kernels' gradients
 * need the gradient registry, which plain Node does not load. Each gradient runs only when needed
 * (`lazyGradOp`): a first layer skips the gradient of its input, the data.
 */
export function fusedDense(
  x: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor | undefined,
  activation: Activation,
): tf.Tensor {
  const fused = activation.fused ?? { activation: 'linear' as const };
  const inDim = kernel.shape[0]!;
  const units = kernel.shape[1]!;
  const outShape = [...x.shape.slice(0, -1), units];
  const op = lazyGradOp(([xIn, k, b], save) => {
    // The batched kernel takes rank-3 operands: [1, rows, in] · [1, in, units].
    const a3 = tf.reshape(xIn!, [1, xIn!.size / inDim, inDim]);
    const b3 = tf.reshape(k!, [1, inDim, units]);
    const inputs: tf.NamedTensorMap = b ? { a: a3, b: b3, bias: b } : { a: a3, b: b3 };
    const attrs = { transposeA: false, transposeB: false, ...fusedAttrs(fused) };
    const y = tf.reshape(tf.engine().runKernel(tf._FusedMatMul, inputs, attrs) as tf.Tensor, outShape);
    save([xIn!, k!, y]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ks, ys] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      // Shared by all three gradients, so computed once here.
      const g = tf.tidy(() => tf.reshape(activationGrad(dy, ys, fused), [-1, units]));
      const dx = () => tf.reshape(tf.matMul(g, ks, false, true), xs.shape);
      const dk = () => tf.matMul(tf.reshape(xs, [-1, inDim]), g, true, false);
      return b ? [dx, dk, () => tf.sum(g, 0)] : [dx, dk];
    };
    return { value: y, gradFunc };
  });
  const y = bias ? op(x, kernel, bias) : op(x, kernel);
  if (activation.fused) return y;
  const out = activation(y);
  y.dispose();
  return out;
}
