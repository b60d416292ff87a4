/**
 * Gradient of `FusedBatchNorm`, the kernel behind `tf.batchNorm`:
 * y = (x - mean) · scale · r + offset with r = 1 / sqrt(variance + ε). mean, variance, scale and
 * offset broadcast against x (rank 1 over channels, or any broadcastable shape), and each gradient
 * is summed back to its own shape. All five inputs are differentiable: batch-norm layers pass batch
 * moments computed from x, whose own gradients then flow through `Mean`/`SquaredDifference`.
 *
 * Differentiating `tf.batchNorm` needs both `offset` and `scale` passed (zeros and ones when a layer
 * learns neither): tfjs-core's tape reads every input of a recorded kernel and fails on an absent
 * one ("Cannot read properties of undefined"), whatever the gradient config.
 */
import * as tf from '@tensorflow/tfjs-core';
import { saved, single, sumToShape } from './util.js';

export const normalizationGrads: tf.GradConfig[] = [
  {
    kernelName: tf.FusedBatchNorm,
    inputsToSave: ['x', 'mean', 'variance', 'scale', 'offset'],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const mean = saved(list, 1);
      const variance = saved(list, 2);
      const scale = saved(list, 3);
      const offset = saved(list, 4);
      const g = single(dy);
      const epsilon = attrs.varianceEpsilon as number;
      const r = () => tf.rsqrt(tf.add(variance, epsilon));
      const scaled = () => tf.mul(g, scale);
      return {
        x: () => tf.broadcastTo(tf.mul(scaled(), r()), x.shape),
        mean: () => sumToShape(tf.neg(tf.mul(scaled(), r())), mean.shape),
        // d r / d variance = -r³ / 2.
        variance: () =>
          sumToShape(tf.mul(tf.mul(scaled(), tf.sub(x, mean)), tf.mul(tf.pow(r(), 3), -0.5)), variance.shape),
        scale: () => sumToShape(tf.mul(tf.mul(g, tf.sub(x, mean)), r()), scale.shape),
        offset: () => sumToShape(g, offset.shape),
      };
    },
  },
];
