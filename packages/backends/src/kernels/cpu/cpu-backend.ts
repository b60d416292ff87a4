import { BackendError } from '@strata/core';
import {
  type BackendValues,
  type DataType,
  getKernel,
  type KernelConfig,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

type DataId = TensorInfo['dataId'];

/**
 * The parts of tfjs-backend-cpu 4.22's `MathBackendCPU` that Strata's cpu kernels use (the same
 * members tfjs's own cpu kernels use), typed narrowly and checked at run time by {@link asCpuBackend}.
 */
export interface CpuBackend {
  data: { get(dataId: DataId): { values?: BackendValues } | undefined };
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo;
  disposeIntermediateTensorInfo(t: TensorInfo): void;
  /** How many k the stock BatchMatMul sums in float64 before adding into its float32 output (48). */
  blockSize?: number;
}

export function asCpuBackend(backend: unknown, label: string): CpuBackend {
  const b = backend as Partial<CpuBackend> | null;
  if (b == null || b.data == null || typeof b.makeTensorInfo !== 'function') {
    throw new BackendError(
      label,
      'this kernel runs only on tfjs-backend-cpu 4.x (no tensor data store found)',
    );
  }
  return b as CpuBackend;
}

/**
 * A tensor's values as float32, read in place (copied only when the tensor is int32 or bool), so the
 * kernels' loops see one array type and stay monomorphic.
 */
export function floats(backend: CpuBackend, t: TensorInfo, label: string): Float32Array {
  const values = backend.data.get(t.dataId)?.values;
  if (values instanceof Float32Array) return values;
  if (values instanceof Int32Array || values instanceof Uint8Array) return Float32Array.from(values);
  throw new BackendError(label, `expected a real numeric tensor, got dtype ${t.dtype}`);
}

/** Originals of the cpu kernels that Strata replaced, so replacements can still call them. */
export const cpuOriginals = new Map<string, KernelConfig>();

/** Runs tfjs-backend-cpu's own kernel `name` (the original if Strata replaced it); a raw TensorInfo. */
export function runStockCpu(
  backend: CpuBackend,
  name: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = cpuOriginals.get(name) ?? getKernel(name, 'cpu');
  if (config === undefined) {
    throw new BackendError(
      'cpu training kernel',
      `tfjs-backend-cpu has no '${name}' kernel; import '@tensorflow/tfjs-backend-cpu' first`,
    );
  }
  return config.kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo;
}
