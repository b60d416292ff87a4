import * as tf from '@tensorflow/tfjs-core';

/*
 * Fused kernels: the contract between a package that can use one (it looks the kernel up in tfjs's
 * kernel registry for the active backend, and falls back to composite tfjs ops when it is absent) and
 * @strata/backends, which registers implementations. Neither package depends on the other; both
 * depend on this file. A fused kernel must compute what its composite form computes, in float32, to
 * within rounding.
 */

/**
 * Adam's moment update and bias-corrected step in one pass over a parameter (Kingma & Ba 2015,
 * Algorithm 1), in place of the dozen element-wise kernels of the composite form, whose launches
 * dominate the optimizer's cost on small models.
 *
 * Inputs `{ g, m, v }`: the gradient and the two moments, float32, one shape. Attributes
 * {@link AdamMomentsAttrs}. Outputs `[m', v', u]`, each of that shape:
 *
 *     m' = m·b1 + g·(1 − b1)      v' = v·b2 + g²·(1 − b2)      u = (m' / c1) / (√(v' / c2) + eps)
 */
export const ADAM_MOMENTS_KERNEL = 'StrataAdamMoments';

/** Attributes of {@link ADAM_MOMENTS_KERNEL}. */
export interface AdamMomentsAttrs {
  readonly b1: number;
  readonly b2: number;
  readonly eps: number;
  /** Bias correction of the first moment at this step t: 1 − b1^t. */
  readonly c1: number;
  /** Bias correction of the second moment at this step t: 1 − b2^t. */
  readonly c2: number;
  // tfjs's NamedAttrMap.
  readonly [key: string]: number;
}

/**
 * Whether the active backend has the fused kernel `name` registered (false when no backend is set).
 *
 * @example
 * ```ts
 * import { ADAM_MOMENTS_KERNEL, hasFusedKernel } from '@strata/core';
 *
 * // true once @strata/backends' useBackend('wasm') or ('cpu') has registered Strata's kernels
 * const fused = hasFusedKernel(ADAM_MOMENTS_KERNEL);
 * ```
 */
export function hasFusedKernel(name: string): boolean {
  const backend = tf.getBackend();
  return typeof backend === 'string' && tf.getKernel(name, backend) !== undefined;
}

/**
 * The gradient of a convolution followed by a max pool with windows that do not overlap (pool stride
 * ≥ pool size), taken from the gradient at the pool's output. A max pool routes each output's
 * gradient to one conv output, the first maximum of its window; on a 2×2 pool that is a quarter of
 * the conv outputs, and relu zeroes about half of the rest. Spreading the gradient to the full conv
 * output and running dense `Conv2DBackpropFilter` / `Conv2DBackpropInput` multiplies mostly zeros; this
 * kernel adds only the routed outputs' patches.
 *
 * Inputs `{ x, filter, y, dy }`: the conv input [N,H,W,C], the filter [KH,KW,C,CO], the conv output
 * [N,OH,OW,CO] the pool read (after bias and activation), and the gradient at the pool's output
 * [N,PH,PW,CO] already multiplied by the activation's derivative. Attributes
 * {@link ConvPoolBackpropAttrs}. One output: the filter's gradient when `wrt` is 'filter', the
 * input's when 'input' — what `Conv2DBackpropFilter` / `Conv2DBackpropInput` return given
 * `MaxPoolGrad(dy)`, with the same routing of ties (first maximum in row-major order).
 */
export const CONV_POOL_BACKPROP_KERNEL = 'StrataConvPoolBackprop';

/** Attributes of {@link CONV_POOL_BACKPROP_KERNEL}. NHWC, no dilation. */
export interface ConvPoolBackpropAttrs {
  readonly wrt: 'filter' | 'input';
  /** The convolution's strides and TensorFlow padding. */
  readonly strides: readonly [number, number];
  readonly pad: 'same' | 'valid';
  /** The max pool's window, strides (each ≥ the window) and padding. */
  readonly poolSize: readonly [number, number];
  readonly poolStrides: readonly [number, number];
  readonly poolPad: 'same' | 'valid';
  // tfjs's NamedAttrMap.
  readonly [key: string]: unknown;
}

/**
 * One step of an LSTM cell in Keras' layout (gate blocks i, f, c, o side by side): the gate
 * activations, the new cell state and the new output, in place of the dozen element-wise kernels of
 * the composite form, which dominate a recurrent layer's cost at the small per-step sizes of
 * sequence models.
 *
 * Inputs `{ xp, r, c }`: the step's input projection x·W + b and recurrent projection h·U, both
 * [B, 4u], and the previous cell state [B, u], float32. No attributes. Outputs `[a, c', tc, h']`:
 *
 *     z = xp + r      a = [σ(z_i), σ(z_f), tanh(z_c), σ(z_o)]   (blocks of u columns, [B, 4u])
 *     c' = a_f ⊙ c + a_i ⊙ a_c      tc = tanh(c')      h' = a_o ⊙ tc        (each [B, u])
 *
 * `a`, `c` and `tc` are what {@link LSTM_CELL_GRAD_KERNEL} needs to take the step back.
 */
export const LSTM_CELL_KERNEL = 'StrataLstmCell';

/**
 * The backward pass of one {@link LSTM_CELL_KERNEL} step: the gradient at the step's gate
 * pre-activations and the gradient carried to the previous cell state.
 *
 * Inputs `{ dy, gh, gc, a, c, tc }` and optionally `m`: the gradient reaching the step's output from
 * above (dy) and from the next step (gh), the gradient at the new cell state (gc), all [B, u]; the
 * step's saved gate activations `a` [B, 4u], previous cell state `c` and `tc` = tanh(c') [B, u]; and a
 * mask [B, 1] (1 = step taken, 0 = padded: the states carried over). No attributes. With
 * dh = dy + gh and e = gc + dh ⊙ a_o ⊙ (1 − tc²), the outputs are `[dz, gc₋₁]`, plus `gh₋₁` with a mask:
 *
 *     dz = m ⊙ [e ⊙ a_c ⊙ a_i(1 − a_i), e ⊙ c ⊙ a_f(1 − a_f), e ⊙ a_i ⊙ (1 − a_c²), dh ⊙ tc ⊙ a_o(1 − a_o)]
 *     gc₋₁ = m ⊙ e ⊙ a_f + (1 − m) ⊙ gc       gh₋₁ = (1 − m) ⊙ dh
 *
 * (m = 1 without a mask). The caller adds dz·Uᵀ to gh₋₁ for the gradient at the previous output.
 */
export const LSTM_CELL_GRAD_KERNEL = 'StrataLstmCellGrad';
