import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import { helperFor } from './helper-module.js';
import { asWasmBackend, ptr, temp } from './wasm-backend.js';

/**
 * Segment sum, which tfjs-backend-wasm lacks and the gradient of `gather` (embeddings) needs:
 * out[s] = Σ x[i] over the rows i with segmentIds[i] = s; ids outside [0, numSegments) are dropped,
 * as on the cpu backend. One pass over x (cpu makes one masked pass per segment). float32 rows go
 * through the helper module; int32 rows through a plain loop on the heap.
 */
export function unsortedSegmentSumWasm(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  attrs: UnsortedSegmentSumAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'UnsortedSegmentSum (wasm)');
  const { x, segmentIds } = args.inputs;
  const { numSegments } = args.attrs;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const out = temp(backend, [numSegments, ...innerShape], x.dtype);
  if (x.dtype === 'float32') {
    helperFor(backend).segmentSum(
      ptr(backend, x),
      ptr(backend, segmentIds),
      ptr(backend, out),
      rows,
      inner,
      numSegments,
    );
    return out;
  }
  const heap = backend.wasm.HEAP32;
  const xs = ptr(backend, x) >> 2;
  const ids = ptr(backend, segmentIds) >> 2;
  const o = ptr(backend, out) >> 2;
  heap.fill(0, o, o + numSegments * inner);
  for (let i = 0; i < rows; i++) {
    const s = heap[ids + i]!;
    if (s < 0 || s >= numSegments) continue;
    for (let j = 0; j < inner; j++) heap[o + s * inner + j]! += heap[xs + i * inner + j]!;
  }
  return out;
}

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as KernelFunc,
};
