import { backend_util } from '@tensorflow/tfjs-core';

type DepthwiseArgs = [
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
  number,
];

/**
 * Geometry of a depthwise convolution for the helper loops: [N,H,W,C,Q,OH,OW,KH,KW,strideH,
 * strideW,dilationH,dilationW,padTop,padLeft], Q being the channel multiplier.
 */
export function depthwiseGeometry(
  inShape: readonly number[],
  filterShape: readonly number[],
  strides: number | [number, number],
  dilations: number | [number, number] | undefined,
  pad: backend_util.PadInfo['type'] | 'valid' | 'same' | number | backend_util.ExplicitPadding,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
): { args: DepthwiseArgs; size: number; outSize: number } {
  const info = backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad as 'valid',
    dimRoundingMode,
    true,
  );
  const Q = info.outChannels / info.inChannels;
  return {
    args: [
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      Q,
      info.outHeight,
      info.outWidth,
      info.filterHeight,
      info.filterWidth,
      info.strideHeight,
      info.strideWidth,
      info.dilationHeight,
      info.dilationWidth,
      info.padInfo.top,
      info.padInfo.left,
    ],
    size: info.batchSize * info.inHeight * info.inWidth * info.inChannels,
    outSize: info.batchSize * info.outHeight * info.outWidth * info.outChannels,
  };
}
