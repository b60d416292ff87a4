import * as tf from '@tensorflow/tfjs-core';
import { lazyGradOp } from './lazy-grad-op.js';

/** Sums `t` over the axes where `shape` (same rank) is 1 and reshapes to `target`. */
function sumTo(t: tf.Tensor, shape: readonly number[], target: readonly number[]): tf.Tensor {
  const axes = shape.flatMap((d, i) => (d === 1 && t.shape[i] !== 1 ? [i] : []));
  return tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, [...target]);
}

export interface NormalizeSpec {
  /** Axes of `x` the statistics are taken over. */
  readonly axes: readonly number[];
  /** The shape `gamma` and `beta` broadcast to against `x` (their own shape is kept for gradients). */
  readonly paramShape: readonly number[];
  readonly epsilon: number;
}

/**
 * y = γ ⊙ (x − mean) / √(var + ε) + β with the statistics of this `x` (batch-, layer- and group-norm
 * in training), the variance biased (divided by the count, as Keras and the papers), in one op with its
 * gradient written out (Ioffe & Szegedy 2015, §3):
 *   dx = (1/σ) · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)),  dx̂ = dy ⊙ γ,  dγ = Σ dy ⊙ x̂,  dβ = Σ dy.
 * `onMoments` receives the batch mean and variance (kept: the callee owns them), e.g. for moving
 * statistics.
 */
export function normalizeWithStats(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  spec: NormalizeSpec,
  onMoments?: (mean: tf.Tensor, variance: tf.Tensor) => void,
): tf.Tensor {
  const axes = [...spec.axes];
  const op = lazyGradOp(([xIn, g, b], save) => {
    const mean = tf.mean(xIn!, axes, true);
    const centered = tf.sub(xIn!, mean);
    const variance = tf.mean(tf.square(centered), axes, true);
    const rstd = tf.rsqrt(tf.add(variance, spec.epsilon));
    const xhat = tf.mul(centered, rstd);
    const gb = tf.reshape(g!, [...spec.paramShape]);
    save([xhat, rstd, gb]);
    onMoments?.(tf.keep(mean), tf.keep(variance));
    return {
      value: tf.add(tf.mul(xhat, gb), tf.reshape(b!, [...spec.paramShape])),
      gradFunc: (dy, [xh, rs, gs]) => {
        const dxhat = tf.mul(dy, gs!);
        return [
          () =>
            tf.mul(
              rs!,
              tf.sub(
                tf.sub(dxhat, tf.mean(dxhat, axes, true)),
                tf.mul(xh!, tf.mean(tf.mul(dxhat, xh!), axes, true)),
              ),
            ),
          () => sumTo(tf.mul(dy, xh!), spec.paramShape, g!.shape),
          () => sumTo(dy, spec.paramShape, b!.shape),
        ];
      },
    };
  });
  return op(x, gamma, beta);
}

/**
 * y = γ ⊙ (x − mean) / √(variance + ε) + β with given statistics (batch-norm at inference), the
 * statistics constants: dx = dy ⊙ γ / √(variance + ε).
 */
export function normalizeWith(
  x: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  spec: NormalizeSpec,
): tf.Tensor {
  const shape = [...spec.paramShape];
  const op = lazyGradOp(([xIn, g, b], save) => {
    const rstd = tf.rsqrt(tf.add(tf.reshape(variance, shape), spec.epsilon));
    const xhat = tf.mul(tf.sub(xIn!, tf.reshape(mean, shape)), rstd);
    const gb = tf.reshape(g!, shape);
    save([xhat, rstd, gb]);
    return {
      value: tf.add(tf.mul(xhat, gb), tf.reshape(b!, shape)),
      gradFunc: (dy, [xh, rs, gs]) => [
        () => tf.mul(dy, tf.mul(gs!, rs!)),
        () => sumTo(tf.mul(dy, xh!), shape, g!.shape),
        () => sumTo(dy, shape, b!.shape),
      ],
    };
  });
  return op(x, gamma, beta);
}
