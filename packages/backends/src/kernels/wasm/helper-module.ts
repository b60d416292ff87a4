import { BackendError } from '@strata/core';
import type { ConvPoolArgs } from '../conv-pool-geometry.js';
import { helperBinaries, type helperExports } from './helper-binaries.js';
import type { WasmBackend } from './wasm-backend.js';

type Geometry = [
  N: number,
  H: number,
  W: number,
  C: number,
  OH: number,
  OW: number,
  KH: number,
  KW: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  pt: number,
  pl: number,
];
type DepthwiseGeometry = [
  N: number,
  H: number,
  W: number,
  C: number,
  Q: number,
  OH: number,
  OW: number,
  KH: number,
  KW: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  pt: number,
  pl: number,
];

/** The exports of assembly/index.ts; every pointer is a byte offset into the wasm heap. */
export interface Helper {
  im2col(x: number, p: number, m0: number, mCount: number, ...g: Geometry): void;
  col2im(cols: number, dx: number, m0: number, mCount: number, ...g: Geometry): void;
  gemmTN(a: number, b: number, out: number, K: number, M: number, N: number, lda: number, ldb: number): void;
  maxPoolGrad(
    x: number,
    dy: number,
    dx: number,
    ...g: [number, number, number, number, number, number, number, number, number, number, number, number]
  ): void;
  colSum(x: number, out: number, rows: number, cols: number): void;
  depthwiseFilterGrad(x: number, dy: number, dw: number, ...g: DepthwiseGeometry): void;
  depthwiseInputGrad(dy: number, filter: number, dx: number, ...g: DepthwiseGeometry): void;
  segmentSum(x: number, ids: number, out: number, rows: number, inner: number, segments: number): void;
  convPoolBackprop(a: number, y: number, dy: number, out: number, wrtInput: number, ...g: ConvPoolArgs): void;
  adamMoments(
    g: number,
    m: number,
    v: number,
    mOut: number,
    vOut: number,
    uOut: number,
    n: number,
    b1: number,
    b2: number,
    eps: number,
    c1: number,
    c2: number,
  ): void;
  lstmCell(
    xp: number,
    r: number,
    c: number,
    a: number,
    cOut: number,
    tcOut: number,
    hOut: number,
    B: number,
    U: number,
  ): void;
  lstmCellGrad(
    dy: number,
    gh: number,
    gc: number,
    a: number,
    c: number,
    tc: number,
    m: number,
    dz: number,
    gcOut: number,
    ghOut: number,
    B: number,
    U: number,
  ): void;
}

type Arity<F> = F extends (...args: infer A) => unknown ? A['length'] : never;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `Helper` as a table of parameter counts, to compare with the module's own (`helperExports`). */
export type HelperArities = { readonly [K in keyof Helper]: Arity<Helper[K]> };

/**
 * Fails to compile (`Type 'false' does not satisfy the constraint 'true'`) when `Helper` and the built
 * module disagree: an export missing from either side, or a different number of parameters.
 * `helperExports` is read from the module by scripts/build-wasm.mjs, and helper-module.test.ts checks
 * it against every committed build, so a signature drift in the AssemblyScript fails typecheck.
 */
export type HelperMatchesModule = Assert<Equal<HelperArities, typeof helperExports>>;
type Assert<T extends true> = T;

export type HelperVariant = keyof typeof helperBinaries;

const modules = new Map<HelperVariant, WebAssembly.Module>();
const instances = new WeakMap<WebAssembly.Memory, Map<HelperVariant, Helper>>();
let preferSimd = true;

/** Whether the helper should use its SIMD build where the runtime validates it (the default). */
export function setPreferSimd(simd: boolean): void {
  preferSimd = simd;
}

function bytes(variant: HelperVariant): Uint8Array<ArrayBuffer> {
  const text = atob(helperBinaries[variant]);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function compiled(variant: HelperVariant): WebAssembly.Module | undefined {
  let module = modules.get(variant);
  if (module === undefined) {
    const code = bytes(variant);
    // Runtimes without WebAssembly SIMD (or threads) reject the module: the caller then picks another.
    if (!WebAssembly.validate(code)) return undefined;
    module = new WebAssembly.Module(code);
    modules.set(variant, module);
  }
  return module;
}

/** Which helper build suits `memory` on this runtime, most capable first. */
export function helperVariants(memory: WebAssembly.Memory, simd = preferSimd): HelperVariant[] {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const order: HelperVariant[] = shared ? ['sharedSimd', 'sharedScalar'] : ['simd', 'scalar'];
  return simd ? order : order.slice(1);
}

/** Instantiates (once per memory and build) the helper module on `memory`. */
export function helperOnMemory(memory: WebAssembly.Memory, variant: HelperVariant): Helper | undefined {
  let byVariant = instances.get(memory);
  if (byVariant === undefined) {
    byVariant = new Map();
    instances.set(memory, byVariant);
  }
  let helper = byVariant.get(variant);
  if (helper === undefined) {
    const module = compiled(variant);
    if (module === undefined) return undefined;
    helper = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Helper;
    byVariant.set(variant, helper);
  }
  return helper;
}

/** The helper module bound to the wasm backend's own heap (tensors are used in place). */
export function helperFor(backend: WasmBackend): Helper {
  const memory = backend.wasm.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new BackendError(
      'registerTrainingKernels',
      'cannot reach the wasm backend memory (expected tfjs-backend-wasm 4.x); ' +
        'call unregisterTrainingKernels() to go back to the stock kernels',
    );
  }
  for (const variant of helperVariants(memory)) {
    const helper = helperOnMemory(memory, variant);
    if (helper !== undefined) return helper;
  }
  throw new BackendError(
    'registerTrainingKernels',
    'this runtime rejects every build of the helper module; call unregisterTrainingKernels()',
  );
}
