import { BackendError } from '@strata/core';
import {
  type DataType,
  getKernel,
  type KernelConfig,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

type DataId = TensorInfo['dataId'];

/**
 * The parts of tfjs-backend-wasm 4.22's `BackendWasm` that Strata's training kernels use. They are
 * public members of the class but not documented API, so they are typed here, narrowly, and
 * checked at run time by {@link asWasmBackend}.
 */
export interface WasmBackend {
  wasm: {
    HEAPU8: Uint8Array;
    HEAPF32: Float32Array;
    HEAP32: Int32Array;
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: DataId, force?: boolean): boolean;
  incRef(dataId: DataId): void;
}

export function asWasmBackend(backend: unknown, label: string): WasmBackend {
  const b = backend as Partial<WasmBackend> | null;
  if (b == null || b.wasm == null || b.dataIdMap == null || typeof b.makeOutput !== 'function') {
    throw new BackendError(label, 'this kernel runs only on tfjs-backend-wasm 4.x (no wasm heap found)');
  }
  return b as WasmBackend;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function ptr(backend: WasmBackend, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (data === undefined)
    throw new BackendError('wasm training kernel', 'tensor data not found on the wasm backend');
  return data.memoryOffset;
}

/** A new uninitialised tensor on the heap; the caller frees it or returns it. */
export function temp(backend: WasmBackend, shape: number[], dtype: DataType = 'float32'): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

/** A new tensor of zeros on the heap. */
export function zeros(backend: WasmBackend, shape: number[], dtype: DataType = 'float32'): TensorInfo {
  const t = backend.makeOutput(shape, dtype);
  const start = ptr(backend, t);
  const size = shape.reduce((a, b) => a * b, 1);
  backend.wasm.HEAPU8.fill(0, start, start + size * 4);
  return t;
}

export function free(backend: WasmBackend, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

/** The same data seen with another shape of the same size (no copy, no reference counted). */
export function view(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Originals of the wasm kernels that Strata replaced, so replacements can still call them. */
export const originals = new Map<string, KernelConfig>();

/** The wasm kernel `name` as tfjs-backend-wasm registered it (the original if Strata replaced it). */
export function wasmKernel(name: string): KernelConfig {
  const config = originals.get(name) ?? getKernel(name, 'wasm');
  if (config === undefined) {
    throw new BackendError(
      'wasm training kernel',
      `tfjs-backend-wasm has no '${name}' kernel; import '@tensorflow/tfjs-backend-wasm' first`,
    );
  }
  return config;
}

const setUp = new WeakMap<object, Set<string>>();

/** Runs the original wasm kernel `name` directly (no engine bookkeeping: the result is a raw TensorInfo). */
export function runWasm(
  backend: WasmBackend,
  name: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = wasmKernel(name);
  // An original that was unregistered before the backend initialised never had its setup run.
  let done = setUp.get(backend);
  if (done === undefined) {
    done = new Set();
    setUp.set(backend, done);
  }
  if (!done.has(name) && originals.has(name)) {
    config.setupFunc?.(backend as never);
    done.add(name);
  }
  return config.kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo;
}

/** [rows, cols] -> [cols, rows] with the backend's own Transpose. */
export function transpose2d(backend: WasmBackend, t: TensorInfo, rows: number, cols: number): TensorInfo {
  return runWasm(backend, 'Transpose', { x: view(t, [rows, cols]) }, { perm: [1, 0] });
}

/** a [M,K] x b [K,N] through the backend's BatchMatMul, whose batch-1 untransposed case is XNNPACK. */
export function gemm(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  m: number,
  k: number,
  n: number,
): TensorInfo {
  return runWasm(
    backend,
    'BatchMatMul',
    { a: view(a, [1, m, k]), b: view(b, [1, k, n]) },
    { transposeA: false, transposeB: false },
  );
}
