import { CONV_POOL_BACKPROP_KERNEL, type ConvPoolBackpropAttrs, hasFusedKernel } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../activations.js';
import { activationGrad } from './activation-grad.js';
import { type ConvGeometry, convAttrs, convGradients, convInputs } from './fused-conv2d.js';
import { type GradThunk, lazyGradOp } from './lazy-grad-op.js';
import type { PoolGeometry } from './pool2d.js';

/**
 * maxPool(act(conv2d(x, kernel) + bias)) as one op: the forward pass runs the same two kernels as the
 * layers one after the other (`FusedConv2D` with bias and activation, then `MaxPool`); the backward
 * pass takes the activation's derivative and the bias gradient on the pooled gradient, before
 * `MaxPoolGrad` spreads it, instead of after: on a 2×2 pool, a quarter of the elements.
 *
 * Why that is exact: `MaxPoolGrad` sends each window's gradient dp[o] to one position p(o) of the
 * window where the conv output y is largest, so y[p(o)] equals the pooled value out[o]. The activation
 * derivative at p(o) is a function of y[p(o)] (`activationGrad` reads it from the output; every
 * activation that `FusedConv2D` applies has that property), hence equals that function of out[o], and
 *   MaxPoolGrad(dp)[p] · act'(y[p]) = Σ_{o: p(o)=p} dp[o] · act'(out[o]) = MaxPoolGrad(dp · act'(out))[p],
 * for any pool size, strides and padding, overlapping windows included (every o with p(o) = p has the
 * same out[o] = y[p]). Positions that receive no gradient get zero either way. The bias gradient, the
 * sum of that over N, H, W, is the same sum before spreading, as `MaxPoolGrad` moves each value to
 * exactly one place. Monotone activations (relu) would also let the pool run before the activation;
 * the argument above does not need it, so sigmoid, elu, relu6 and leaky relu fuse alike.
 * The kernel and input gradients are then the convolution's (`convGradients`), each run only when
 * needed, so a first layer does not compute the gradient of its data.
 *
 * Where the backend has Strata's `CONV_POOL_BACKPROP_KERNEL` (registered on wasm by @strata/backends),
 * the pool windows do not overlap and the convolution is not dilated, the kernel and input gradients
 * come from the pooled gradient directly: the kernel finds each window's maximum and adds only that
 * conv output's patch, so neither `MaxPoolGrad` nor the dense products over a conv-sized gradient that
 * is mostly zeros run. The tape still passes a gradient for y between the two ops; it is then a
 * placeholder (y's own buffer, shared, nothing computed), and the pooled gradient travels beside it.
 */
export function convMaxPool(
  x: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor | undefined,
  conv: ConvGeometry,
  fused: NonNullable<Activation['fused']>,
  pool: PoolGeometry,
): tf.Tensor {
  // Two ops on the tape, so that each saves only its own inputs and outputs (tfjs's kernel leak check
  // counts a saved intermediate as a leak). The first computes the conv output y; the second pools
  // it and, in the backward pass, hands back as y's gradient the gradient *before* the activation
  // (dz), which is what the first expects. y is seen by no one else, so the pair is exact. The bias
  // is an input of the second only: its gradient is the pooled sum.
  const routed = routes(conv, pool);
  // Set by the pool op's backward pass, which the tape runs before the conv op's, when routed.
  let pooled: { g: tf.Tensor; y: tf.Tensor } | undefined;
  const convOp = lazyGradOp(([xIn, k], save) => {
    const y = tf.engine().runKernel(tf.FusedConv2D, convInputs(xIn!, k!, bias), convAttrs(conv, fused));
    save([xIn!, k!]);
    return {
      value: y as tf.Tensor,
      gradFunc: (dz, [xs, ks]) =>
        pooled ? routedGradients(xs!, ks!, pooled, conv, pool) : convGradients(xs!, ks!, dz, conv),
    };
  });
  const poolAttrs = { filterSize: pool.poolSize, strides: pool.strides, pad: pool.padding };
  const poolOp = lazyGradOp(([y], save) => {
    const out = tf.engine().runKernel(tf.MaxPool, { x: y! }, poolAttrs) as tf.Tensor;
    save([y!, out]);
    const gradFunc = (dp: tf.Tensor, [ys, outs]: tf.Tensor[]) => {
      // Shared by both gradients, so computed once here.
      const g = tf.tidy(() => activationGrad(dp, outs!, fused));
      if (routed) pooled = { g, y: ys! };
      const dz = routed
        ? () => tf.clone(ys!)
        : () =>
            tf
              .engine()
              .runKernel(tf.MaxPoolGrad, { dy: g, input: ys!, output: outs! }, poolAttrs) as tf.Tensor;
      return bias ? [dz, () => tf.sum(g, [0, 1, 2])] : [dz];
    };
    return { value: out, gradFunc };
  });
  const y = convOp(x, kernel);
  return bias ? poolOp(y, bias) : poolOp(y);
}

/** Whether the backend can take the conv gradients straight from the pooled gradient (see above). */
function routes(conv: ConvGeometry, pool: PoolGeometry): boolean {
  return (
    conv.dilations[0] === 1 &&
    conv.dilations[1] === 1 &&
    pool.strides[0] >= pool.poolSize[0] &&
    pool.strides[1] >= pool.poolSize[1] &&
    hasFusedKernel(CONV_POOL_BACKPROP_KERNEL)
  );
}

/** The input and kernel gradients from the pooled gradient g, through `CONV_POOL_BACKPROP_KERNEL`. */
function routedGradients(
  x: tf.Tensor,
  kernel: tf.Tensor,
  { g, y }: { g: tf.Tensor; y: tf.Tensor },
  conv: ConvGeometry,
  pool: PoolGeometry,
): [dx: GradThunk, dk: GradThunk] {
  const grad = (wrt: ConvPoolBackpropAttrs['wrt']) => () => {
    const attrs: ConvPoolBackpropAttrs = {
      wrt,
      strides: conv.strides,
      pad: conv.padding,
      poolSize: pool.poolSize,
      poolStrides: pool.strides,
      poolPad: pool.padding,
    };
    return tf
      .engine()
      .runKernel(CONV_POOL_BACKPROP_KERNEL, { x, filter: kernel, y, dy: g }, attrs as never) as tf.Tensor;
  };
  return [grad('input'), grad('filter')];
}
