import { CONV_POOL_BACKPROP_KERNEL, type ConvPoolBackpropAttrs } from '@strata/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { convPoolGeometry } from '../conv-pool-geometry.js';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputWasm } from './conv2d-backprop-input.js';
import { helperFor } from './helper-module.js';
import { maxPoolGradWasm } from './max-pool-grad.js';
import { asWasmBackend, free, ptr, temp, transpose2d, view, type WasmBackend } from './wasm-backend.js';

const label = `${CONV_POOL_BACKPROP_KERNEL} (wasm)`;

/**
 * Below this many input channels the routed loop's runs are too short to pay (a first layer over
 * one grey channel: 9.6 ms against 4.2 ms dense on the seed CNN, batch 64), so the gradient goes the
 * dense way: MaxPoolGrad, then the conv gradient kernels.
 */
const MIN_ROUTED_CHANNELS = 4;

function dense(
  backend: WasmBackend,
  inputs: { x: TensorInfo; filter: TensorInfo; y: TensorInfo; dy: TensorInfo },
  attrs: ConvPoolBackpropAttrs,
): TensorInfo {
  const { x, filter, y, dy } = inputs;
  const dz = maxPoolGradWasm({
    inputs: { dy, input: y, output: dy },
    attrs: { filterSize: [...attrs.poolSize], strides: [...attrs.poolStrides], pad: attrs.poolPad },
    backend,
  });
  const conv = {
    strides: [...attrs.strides] as [number, number],
    pad: attrs.pad,
    dataFormat: 'NHWC' as const,
  };
  const grad =
    attrs.wrt === 'input'
      ? conv2DBackpropInputWasm({
          inputs: { dy: dz, filter },
          attrs: { ...conv, inputShape: [...x.shape] as [number, number, number, number] },
          backend,
        })
      : conv2DBackpropFilterWasm({
          inputs: { x, dy: dz },
          attrs: { ...conv, filterShape: [...filter.shape] as [number, number, number, number] },
          backend,
        });
  free(backend, dz);
  return grad;
}

/**
 * The conv + max-pool gradient (see `CONV_POOL_BACKPROP_KERNEL` in @strata/core) on wasm: the helper
 * visits each nonzero pooled gradient once, finds the conv output its window routes it to, and adds
 * that output's patch (filter gradient) or filter slice (input gradient) with SIMD over channels,
 * working on the filter transposed to [CO, KH·KW·C] so both runs are contiguous.
 */
export function convPoolBackpropWasm(args: {
  inputs: { x: TensorInfo; filter: TensorInfo; y: TensorInfo; dy: TensorInfo };
  attrs: ConvPoolBackpropAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, label);
  const { inputs, attrs } = args;
  const { args: geometry, R, CO } = convPoolGeometry(inputs, attrs, label);
  const { x, filter, y, dy } = inputs;
  if ((x.shape[3] ?? 0) < MIN_ROUTED_CHANNELS) return dense(backend, inputs, attrs);
  const helper = helperFor(backend);
  if (attrs.wrt === 'input') {
    const filterT = transpose2d(backend, filter, R, CO);
    const dx = temp(backend, [...x.shape]);
    helper.convPoolBackprop(
      ptr(backend, filterT),
      ptr(backend, y),
      ptr(backend, dy),
      ptr(backend, dx),
      1,
      ...geometry,
    );
    free(backend, filterT);
    return dx;
  }
  const dwT = temp(backend, [CO, R]);
  helper.convPoolBackprop(
    ptr(backend, x),
    ptr(backend, y),
    ptr(backend, dy),
    ptr(backend, dwT),
    0,
    ...geometry,
  );
  const dw = transpose2d(backend, dwT, CO, R);
  free(backend, dwT);
  return view(dw, [...filter.shape]);
}

export const convPoolBackpropConfig: KernelConfig = {
  kernelName: CONV_POOL_BACKPROP_KERNEL,
  backendName: 'wasm',
  kernelFunc: convPoolBackpropWasm as unknown as KernelFunc,
};
