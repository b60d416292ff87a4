/**
 * Test support (not part of the package) for the wasm training kernels' tests: the suite that
 * registers them, the leak check, and the case grids and references that several kernels share.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type HostTensor, randomHost } from '../kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels.js';
import { depthwiseGradsReference } from './depthwise-reference.js';

/** A describe block run on wasm with Strata's training kernels registered; cpu is restored after. */
export function describeOnWasm(title: string, body: () => void): void {
  describe(title, () => {
    beforeAll(async () => {
      await tf.setBackend('wasm');
      registerTrainingKernels();
    });
    afterAll(async () => {
      unregisterTrainingKernels();
      await tf.setBackend('cpu');
    });
    body();
  });
}

/**
 * Runs `step` three times on the current backend, disposing what it returns, and expects as many
 * live tensors and backend buffers (wasm data ids) afterwards as before.
 */
export function expectNoLeaks(step: () => tf.TensorContainer): void {
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const count = () => ({ tensors: tf.memory().numTensors, ids: backend.numDataIds() });
  const before = count();
  for (let i = 0; i < 3; i++) tf.dispose(step());
  expect(count()).toEqual(before);
}

/** [batch, height, width, inChannels, outChannels (depthwise: multiplier), kernelH, kernelW] */
export type ConvDims = [number, number, number, number, number, number, number];
type Pad = 'same' | 'valid' | number[][];

/**
 * The grid shapes × strides × paddings of a convolution test, without the cases whose output is
 * empty, each with tfjs's conv info and a label for failure messages.
 */
export function* convCases(
  shapes: readonly ConvDims[],
  strides: readonly (number | readonly [number, number])[],
  pads: readonly (Pad | readonly (readonly number[])[])[],
  depthwise = false,
): Generator<{
  dims: ConvDims;
  strides: number | [number, number];
  pad: Pad;
  info: tf.backend_util.Conv2DInfo;
  where: string;
}> {
  for (const dims of shapes) {
    const [n, h, w, c, o, kh, kw] = dims;
    for (const s of strides as (number | [number, number])[]) {
      for (const pad of pads as Pad[]) {
        const info = tf.backend_util.computeConv2DInfo(
          [n, h, w, c],
          [kh, kw, c, o],
          s,
          1,
          pad as never,
          undefined,
          depthwise,
        );
        if (info.outHeight <= 0 || info.outWidth <= 0) continue;
        yield { dims, strides: s, pad, info, where: `${dims} s${s} ${JSON.stringify(pad)}` };
      }
    }
  }
}

/** The depthwise kernels' grid; 6 channels = one SIMD group of four and a remainder. */
export const depthwiseShapes: readonly ConvDims[] = [
  [2, 7, 8, 6, 1, 3, 3],
  [1, 6, 6, 3, 2, 2, 3],
  [3, 9, 7, 8, 1, 3, 2],
  [2, 5, 5, 2, 3, 1, 1],
];

/**
 * Depthwise convolutions with dilation 2 (SAME and VALID), their inputs and their float64 reference
 * gradients: tfjs's cpu backprop kernels ignore dilation, so cpu cannot be the reference here.
 */
export function dilatedDepthwiseCases(): {
  pad: 'same' | 'valid';
  x: HostTensor;
  filter: HostTensor;
  dy: HostTensor;
  inputShape: number[];
  filterShape: number[];
  ref: { dx: Float64Array; dw: Float64Array };
}[] {
  let seed = 50;
  return (['same', 'valid'] as const).map((pad) => {
    const [n, h, w, c, q, kh, kw] = [2, 9, 8, 5, 2, 3, 2];
    const info = tf.backend_util.computeConv2DInfo([n, h, w, c], [kh, kw, c, q], 1, 2, pad, undefined, true);
    const x = randomHost(seed++, [n, h, w, c]);
    const filter = randomHost(seed++, [kh, kw, c, q]);
    const dy = randomHost(seed++, info.outShape);
    const geometry = { sh: 1, sw: 1, dh: 2, dw: 2, pt: info.padInfo.top, pl: info.padInfo.left };
    const ref = depthwiseGradsReference(x, filter, dy, geometry);
    return { pad, x, filter, dy, inputShape: [n, h, w, c], filterShape: [kh, kw, c, q], ref };
  });
}
