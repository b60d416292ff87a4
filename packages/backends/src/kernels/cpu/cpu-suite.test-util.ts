/**
 * Test support (not part of the package) for Strata's cpu training kernels: the reference is
 * tfjs-backend-cpu's own kernel, run from the registry with Strata's kernels unregistered.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type HostTensor, type KernelRun, maxRelativeError, runOn } from '../kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels.js';

/** A describe block on cpu that leaves tfjs's stock cpu kernels registered after it. */
export function describeOnCpu(title: string, body: () => void): void {
  describe(title, () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
    });
    afterAll(() => unregisterTrainingKernels({ backend: 'cpu' }));
    body();
  });
}

/** The kernel's output from tfjs-backend-cpu's own kernel and from Strata's, on the same inputs. */
export async function stockAndStrata(
  kernel: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
): Promise<{ stock: KernelRun; strata: KernelRun }> {
  unregisterTrainingKernels({ backend: 'cpu' });
  const stock = await runOn('cpu', kernel, inputs, attrs);
  registerTrainingKernels({ backend: 'cpu' });
  const strata = await runOn('cpu', kernel, inputs, attrs);
  return { stock, strata };
}

/**
 * Expects Strata's kernel to match the stock one: same shape and dtype, and values within
 * `tolerance` relative (default 1e-4), or with `tolerance` 0 the same values bit for bit.
 */
export async function expectStockParity(
  kernel: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
  where: string,
  tolerance = 1e-4,
): Promise<void> {
  const { stock, strata } = await stockAndStrata(kernel, inputs, attrs);
  expect(strata.shape, where).toEqual(stock.shape);
  expect(strata.dtype, where).toBe(stock.dtype);
  if (tolerance === 0) expect(Array.from(strata.values), where).toEqual(Array.from(stock.values));
  else expect(maxRelativeError(strata.values, stock.values), where).toBeLessThan(tolerance);
}

/**
 * Runs `step` three times with Strata's cpu kernels registered, disposing what it returns, and
 * expects as many live tensors and cpu data ids afterwards as before.
 */
export function expectNoLeaks(step: () => tf.TensorContainer): void {
  registerTrainingKernels({ backend: 'cpu' });
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const count = () => ({ tensors: tf.memory().numTensors, ids: backend.numDataIds() });
  const before = count();
  for (let i = 0; i < 3; i++) tf.dispose(step());
  expect(count()).toEqual(before);
}

/** [batch, height, width, inChannels, outChannels, kernelH, kernelW]: odd sizes, batch > 1. */
export type ConvDims = [number, number, number, number, number, number, number];
export const convShapes: readonly ConvDims[] = [
  [2, 7, 6, 1, 5, 3, 3],
  [3, 6, 7, 3, 8, 3, 2],
  [2, 9, 5, 5, 3, 2, 3],
  [1, 5, 5, 2, 1, 1, 1],
];
export type Pad = 'same' | 'valid' | number | number[][];
/** SAME (odd total padding on some shapes), VALID, explicit and one number for all sides. */
export const convPads: readonly Pad[] = [
  'same',
  'valid',
  [
    [0, 0],
    [2, 0],
    [1, 2],
    [0, 0],
  ],
  1,
];

/**
 * The grid shapes × strides × dilations × paddings of a convolution test, without the cases tfjs's
 * conv2d op rejects (stride and dilation both > 1) or whose output is empty, each with its conv
 * info, the attributes every conv kernel takes (a numeric pad with rounding mode 'ceil', as tfjs
 * requires when the output size is fractional) and a label for failure messages.
 */
export function* convCases(
  dilations: readonly number[] = [1],
  strides: readonly (number | [number, number])[] = [1, 2, [2, 1]],
): Generator<{
  dims: ConvDims;
  strides: number | [number, number];
  dilation: number;
  pad: Pad;
  info: tf.backend_util.Conv2DInfo;
  attrs: Record<string, unknown>;
  where: string;
}> {
  for (const dims of convShapes) {
    const [n, h, w, c, o, kh, kw] = dims;
    for (const s of strides) {
      for (const dilation of dilations) {
        if (dilation > 1 && s !== 1) continue;
        for (const pad of convPads) {
          const rounding = typeof pad === 'number' ? 'ceil' : undefined;
          const info = tf.backend_util.computeConv2DInfo(
            [n, h, w, c],
            [kh, kw, c, o],
            s,
            dilation,
            pad as never,
            rounding,
          );
          if (info.outHeight <= 0 || info.outWidth <= 0) continue;
          const attrs = {
            strides: s,
            pad,
            dataFormat: 'NHWC',
            ...(rounding === undefined ? {} : { dimRoundingMode: rounding }),
          };
          const where = `${dims} s${s} d${dilation} ${JSON.stringify(pad)}`;
          yield { dims, strides: s, dilation, pad, info, attrs, where };
        }
      }
    }
  }
}
