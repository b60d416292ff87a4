// AssemblyScript source of the helper module that Strata's wasm training kernels call (see the
// package README). It imports the tfjs wasm backend's own memory, so every pointer below is a byte offset of a tensor the backend already holds: no copies
// in or out. The arithmetic-heavy part of each gradient stays in XNNPACK (through the backend's
// BatchMatMul); these loops only move data (im2col, col2im) or do what a GEMM cannot (max-pool
// routing, depthwise products, segment sums). `ASC_FEATURE_SIMD` is a compile-time constant, so
// the same source builds a SIMD binary and a scalar one for runtimes without WebAssembly SIMD.
// Build: `node scripts/build-wasm.mjs` (writes src/kernels/wasm/helper-binaries.ts).
// This entry only re-exports; each kernel family has its own file. Its exports are the module's, in
// this order, and src/kernels/wasm/helper-module.ts declares them (checked against the built module).
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

export { adamMoments } from './adam';
export { convPoolBackprop } from './conv-pool';
export { depthwiseFilterGrad, depthwiseInputGrad } from './depthwise';
export { gemmTN } from './gemm';
export { col2im, im2col } from './im2col';
export { lstmCell, lstmCellGrad } from './lstm';
export { maxPoolGrad } from './max-pool-grad';
export { colSum, segmentSum } from './reductions';
