import { ConfigError, formatShape, type Shape, ShapeError } from '@strata/core';
import { toPair, windowOutputSize } from './options.js';

/** The geometry options of `depthwiseConv2d` and `separableConv2d`, checked. */
export function depthwiseGeometry(
  options: {
    readonly kernelSize: number | readonly [number, number];
    readonly strides?: number | readonly [number, number];
    readonly dilationRate?: number | readonly [number, number];
    readonly depthMultiplier?: number;
  },
  fn: string,
) {
  const kernelSize = toPair(options.kernelSize, `${fn}({kernelSize})`);
  const strides = toPair(options.strides ?? 1, `${fn}({strides})`);
  const dilations = toPair(options.dilationRate ?? 1, `${fn}({dilationRate})`);
  const depthMultiplier = options.depthMultiplier ?? 1;
  if (!Number.isInteger(depthMultiplier) || depthMultiplier < 1) {
    throw new ConfigError(
      `${fn}({depthMultiplier})`,
      `must be a positive integer, got ${String(depthMultiplier)}`,
    );
  }
  if (Math.max(...strides) > 1 && Math.max(...dilations) > 1) {
    throw new ConfigError(
      `${fn}({dilationRate})`,
      `dilation rates above 1 need strides of 1 (got strides [${strides}] and dilationRate [${dilations}]); use one or the other`,
    );
  }
  return { kernelSize, strides, dilations, depthMultiplier };
}

/** The output height and width of a depthwise convolution, or a labelled error on a too small input. */
export function depthwiseOutput(
  inputShape: Shape,
  g: ReturnType<typeof depthwiseGeometry>,
  padding: 'same' | 'valid',
  label: string,
): [number | null, number | null] {
  const inChannels = inputShape[3];
  if (inputShape.length !== 4 || typeof inChannels !== 'number' || inChannels < 1) {
    throw new ShapeError(
      label,
      `expected an input shape [batch, height, width, channels] with known channels (NHWC), got ${formatShape(inputShape)}`,
    );
  }
  const window = g.kernelSize.map((k, i) => (k - 1) * g.dilations[i]! + 1);
  const [h, w] = [1, 2].map((axis, i) =>
    windowOutputSize(inputShape[axis]!, window[i]!, g.strides[i]!, padding),
  ) as [number | null, number | null];
  if ((h !== null && h < 1) || (w !== null && w < 1)) {
    throw new ShapeError(
      label,
      `input ${formatShape(inputShape)} is smaller than the ${window[0]}×${window[1]} window with 'valid' padding; use padding 'same' or a larger input`,
    );
  }
  return [h, w];
}
