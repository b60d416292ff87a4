import { BackendError } from '@strata/core';
import { backend_util, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';

/** The numbers the helper loops take, in their order, from a tfjs conv info (NHWC). */
export interface ConvGeometry {
  N: number;
  H: number;
  W: number;
  C: number;
  OH: number;
  OW: number;
  CO: number;
  KH: number;
  KW: number;
  /** Output pixels N*OH*OW: the rows of the patch matrix. */
  M: number;
  /** Taps times input channels KH*KW*C: the columns of the patch matrix. */
  R: number;
  /** [N,H,W,C,OH,OW,KH,KW,strideH,strideW,dilationH,dilationW,padTop,padLeft] */
  args: [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
}

export function convGeometry(info: backend_util.Conv2DInfo): ConvGeometry {
  const N = info.batchSize;
  const H = info.inHeight;
  const W = info.inWidth;
  const C = info.inChannels;
  const OH = info.outHeight;
  const OW = info.outWidth;
  const KH = info.filterHeight;
  const KW = info.filterWidth;
  return {
    N,
    H,
    W,
    C,
    OH,
    OW,
    CO: info.outChannels,
    KH,
    KW,
    M: N * OH * OW,
    R: KH * KW * C,
    args: [
      N,
      H,
      W,
      C,
      OH,
      OW,
      KH,
      KW,
      info.strideHeight,
      info.strideWidth,
      info.dilationHeight,
      info.dilationWidth,
      info.padInfo.top,
      info.padInfo.left,
    ],
  };
}

/**
 * Strata's conv kernels index channels last: NCHW gets a labelled error that says what to do. The
 * backend is read from the kernel's label, e.g. 'Conv2D (cpu)'.
 */
export function assertNhwc(label: string, dataFormat: string | undefined): void {
  if (dataFormat !== 'NCHW') return;
  const backend = label.match(/\((\w+)\)$/)?.[1] ?? 'wasm';
  throw new BackendError(
    label,
    `only NHWC is supported, got NCHW; transpose to NHWC or call unregisterTrainingKernels({ backend: '${backend}' })`,
  );
}

/**
 * The geometry of a Conv2D gradient kernel from its input and filter shapes and attributes. NHWC
 * only: the helper's loops index channels last, so NCHW is refused with a labelled error.
 */
export function conv2DGradGeometry(
  label: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
): ConvGeometry {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs;
  assertNhwc(label, dataFormat);
  const info = backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  return convGeometry(info);
}
