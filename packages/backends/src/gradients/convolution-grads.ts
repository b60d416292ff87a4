/**
 * Gradients of matrix products and convolutions: `BatchMatMul`, `Conv2D`, `Conv2DBackpropInput`
 * (the forward op of `conv2dTranspose`) and `DepthwiseConv2dNative`.
 *
 * The convolution gradients dispatch the backends' own backprop kernels (`Conv2DBackpropInput`,
 * `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackprop*`), so each backend keeps its fast path.
 * Dilated convolutions, which tfjs-core's own gradients reject, are handled by dilating the filter:
 * a convolution with dilation d equals one with the filter's taps spread d apart and zeros between
 * them (Yu & Koltun 2016, "Multi-Scale Context Aggregation by Dilated Convolutions", eq. 2), and
 * TensorFlow's SAME/VALID padding already uses that effective size.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pair, roundingAttr, runKernel, saved, single, sumToShape } from './util.js';

/** Spreads the entries of `x` [n, rest] `d` apart along its first axis: [(n − 1)·d + 1, rest]. */
function spreadRows(x: tf.Tensor, d: number): tf.Tensor {
  const [n, rest] = x.shape as [number, number];
  // Rank-3 pad: tfjs-backend-webgpu 4.22 generates an invalid shader for pads above rank 4.
  const spaced = tf.pad(tf.reshape(x, [n, 1, rest]), [
    [0, 0],
    [0, d - 1],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(spaced, [n * d, rest]), [0, 0], [(n - 1) * d + 1, rest]);
}

/** The filter [kh, kw, in, out] with its taps spread `dilation` apart, zeros between them. */
function dilateFilter(filter: tf.Tensor, [dh, dw]: [number, number]): tf.Tensor {
  if (dh === 1 && dw === 1) return filter;
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const tall = spreadRows(tf.reshape(filter, [kh, kw * cin * cout]), dh);
  const khd = (kh - 1) * dh + 1;
  // Spread the width axis: move it first, spread, move it back.
  const byWidth = tf.reshape(tf.transpose(tf.reshape(tall, [khd, kw, cin * cout]), [1, 0, 2]), [
    kw,
    khd * cin * cout,
  ]);
  const kwd = (kw - 1) * dw + 1;
  const wide = tf.transpose(tf.reshape(spreadRows(byWidth, dw), [kwd, khd, cin * cout]), [1, 0, 2]);
  return tf.reshape(wide, [khd, kwd, cin, cout]);
}

/** The effective (dilated) filter shape. */
function dilatedShape(
  shape: readonly number[],
  [dh, dw]: [number, number],
): [number, number, number, number] {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  return [(kh - 1) * dh + 1, (kw - 1) * dw + 1, cin, cout];
}

/** Keeps every `dilation`-th tap of a gradient computed for the dilated filter. */
function undilate(grad: tf.Tensor, [dh, dw]: [number, number]): tf.Tensor {
  if (dh === 1 && dw === 1) return grad;
  return tf.stridedSlice(grad, [0, 0, 0, 0], grad.shape, [dh, dw, 1, 1]);
}

/** The attributes a convolution's backprop kernels take from the forward op's. */
function backpropAttrs(attrs: tf.NamedAttrMap): tf.NamedAttrMap {
  return {
    strides: attrs.strides as number | [number, number],
    pad: attrs.pad as tf.NamedAttrMap[string],
    ...roundingAttr(attrs),
  };
}

/**
 * The input and filter gradients of a convolution y = conv(x, filter) with `dilations`, from the
 * backend's backprop kernels (`kernels`) run on the dilated filter; `attrs` are the attributes both
 * kernels take.
 */
function dilatedConvGrads(
  kernels: { input: string; filter: string },
  x: tf.Tensor,
  filter: tf.Tensor,
  g: tf.Tensor,
  dilations: [number, number],
  attrs: tf.NamedAttrMap,
): { x: () => tf.Tensor; filter: () => tf.Tensor } {
  return {
    x: () =>
      runKernel(
        kernels.input,
        { dy: g, filter: dilateFilter(filter, dilations) },
        { ...attrs, inputShape: x.shape },
      ),
    filter: () =>
      undilate(
        runKernel(
          kernels.filter,
          { x, dy: g },
          { ...attrs, filterShape: dilatedShape(filter.shape, dilations) },
        ),
        dilations,
      ),
  };
}

/**
 * BatchMatMul: C = op(A) op(B) with op a transpose or not. With dC = G, the four cases are
 * dA = G Bᵀ, B Gᵀ (A transposed), ... ; batch dimensions that were broadcast are summed back.
 */
function matMulGrads(
  a: tf.Tensor,
  b: tf.Tensor,
  g: tf.Tensor,
  transposeA: boolean,
  transposeB: boolean,
): { a: () => tf.Tensor; b: () => tf.Tensor } {
  const da = (): tf.Tensor => {
    if (!transposeA) return transposeB ? tf.matMul(g, b) : tf.matMul(g, b, false, true);
    return transposeB ? tf.matMul(b, g, true, true) : tf.matMul(b, g, false, true);
  };
  const db = (): tf.Tensor => {
    if (!transposeB) return transposeA ? tf.matMul(a, g) : tf.matMul(a, g, true, false);
    return transposeA ? tf.matMul(g, a, true, true) : tf.matMul(g, a, true, false);
  };
  return { a: () => sumToShape(da(), a.shape), b: () => sumToShape(db(), b.shape) };
}

export const convolutionGrads: tf.GradConfig[] = [
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, list, attrs) =>
      matMulGrads(
        saved(list, 0),
        saved(list, 1),
        single(dy),
        attrs.transposeA === true,
        attrs.transposeB === true,
      ),
  },
  {
    kernelName: tf.Conv2D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, list, attrs) =>
      dilatedConvGrads(
        { input: tf.Conv2DBackpropInput, filter: tf.Conv2DBackpropFilter },
        saved(list, 0),
        saved(list, 1),
        single(dy),
        pair(attrs.dilations ?? 1),
        { ...backpropAttrs(attrs), dataFormat: (attrs.dataFormat as string | undefined) ?? 'NHWC' },
      ),
  },
  {
    // conv2dTranspose's forward kernel: y = Aᵀ dy where A is the convolution with `filter`, so
    // d(dy) = A g (a plain convolution) and d(filter) = the filter gradient of that convolution.
    kernelName: tf.Conv2DBackpropInput,
    inputsToSave: ['dy', 'filter'],
    gradFunc: (dy, list, attrs) => {
      const input = saved(list, 0);
      const filter = saved(list, 1);
      const g = single(dy);
      const common = {
        ...backpropAttrs(attrs),
        dataFormat: (attrs.dataFormat as string | undefined) ?? 'NHWC',
      };
      return {
        dy: () => runKernel(tf.Conv2D, { x: g, filter }, { ...common, dilations: 1 }),
        filter: () =>
          runKernel(tf.Conv2DBackpropFilter, { x: g, dy: input }, { ...common, filterShape: filter.shape }),
      };
    },
  },
  {
    kernelName: tf.DepthwiseConv2dNative,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, list, attrs) =>
      dilatedConvGrads(
        { input: tf.DepthwiseConv2dNativeBackpropInput, filter: tf.DepthwiseConv2dNativeBackpropFilter },
        saved(list, 0),
        saved(list, 1),
        single(dy),
        pair(attrs.dilations ?? 1),
        // The filter is dilated already, so the backprop kernels run undilated.
        { ...backpropAttrs(attrs), dilations: 1 },
      ),
  },
];
