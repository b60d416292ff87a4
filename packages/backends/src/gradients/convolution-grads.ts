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

/** The filter [kh, kw, in, out] with its taps spread `dilation` apart, zeros between them. */
function dilateFilter(filter: tf.Tensor, [dh, dw]: [number, number]): tf.Tensor {
  if (dh === 1 && dw === 1) return filter;
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const spaced = tf.pad(tf.reshape(filter, [kh, 1, kw, 1, cin, cout]), [
    [0, 0],
    [0, dh - 1],
    [0, 0],
    [0, dw - 1],
    [0, 0],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape(spaced, [kh * dh, kw * dw, cin, cout]),
    [0, 0, 0, 0],
    [(kh - 1) * dh + 1, (kw - 1) * dw + 1, cin, cout],
  );
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
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const filter = saved(list, 1);
      const g = single(dy);
      const dilations = pair(attrs.dilations ?? 1);
      const common = {
        strides: attrs.strides as number | [number, number],
        pad: attrs.pad as tf.NamedAttrMap[string],
        dataFormat: (attrs.dataFormat as string | undefined) ?? 'NHWC',
        ...roundingAttr(attrs),
      };
      return {
        x: () =>
          runKernel(
            tf.Conv2DBackpropInput,
            { dy: g, filter: dilateFilter(filter, dilations) },
            { ...common, inputShape: x.shape },
          ),
        filter: () =>
          undilate(
            runKernel(
              tf.Conv2DBackpropFilter,
              { x, dy: g },
              { ...common, filterShape: dilatedShape(filter.shape, dilations) },
            ),
            dilations,
          ),
      };
    },
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
        strides: attrs.strides as number | [number, number],
        pad: attrs.pad as tf.NamedAttrMap[string],
        dataFormat: (attrs.dataFormat as string | undefined) ?? 'NHWC',
        ...roundingAttr(attrs),
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
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const filter = saved(list, 1);
      const g = single(dy);
      const dilations = pair(attrs.dilations ?? 1);
      const common = {
        strides: attrs.strides as number | [number, number],
        pad: attrs.pad as tf.NamedAttrMap[string],
        dilations: 1,
        ...roundingAttr(attrs),
      };
      return {
        x: () =>
          runKernel(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy: g, filter: dilateFilter(filter, dilations) },
            { ...common, inputShape: x.shape },
          ),
        filter: () =>
          undilate(
            runKernel(
              tf.DepthwiseConv2dNativeBackpropFilter,
              { x, dy: g },
              { ...common, filterShape: dilatedShape(filter.shape, dilations) },
            ),
            dilations,
          ),
      };
    },
  },
];
