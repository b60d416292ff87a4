import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Test support for the wasm training kernels (internal, not exported): runs one kernel on `cpu`
 * and on `wasm` with the same inputs and returns both outputs. The backends must be registered by
 * the caller (side-effect imports of tfjs-backend-cpu and tfjs-backend-wasm).
 */

export interface HostTensor {
  values: Float32Array | Int32Array;
  shape: number[];
  dtype: 'float32' | 'int32';
}

/** Uniform values in [-1, 1) from a seeded PCG32 stream. */
export function randomHost(seed: number, shape: number[]): HostTensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = 2 * rng.next() - 1;
  return { values, shape, dtype: 'float32' };
}

export interface KernelRun {
  values: Float32Array | Int32Array;
  shape: number[];
  dtype: string;
}

/** Runs `kernel` on `backend` on fresh tensors from `inputs`; disposes everything it made. */
export async function runOn(
  backend: string,
  kernel: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
): Promise<KernelRun> {
  await tf.setBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) tensors[name] = tf.tensor(t.values, t.shape, t.dtype);
  const out = tf.engine().runKernel(kernel, tensors as never, attrs as never) as tf.Tensor;
  const run = {
    values: out.dataSync().slice() as Float32Array | Int32Array,
    shape: out.shape,
    dtype: out.dtype,
  };
  tf.dispose([out, ...Object.values(tensors)]);
  return run;
}

/** The kernel's outputs on cpu (the reference) and on wasm. */
export async function onCpuAndWasm(
  kernel: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
): Promise<{ cpu: KernelRun; wasm: KernelRun }> {
  const cpu = await runOn('cpu', kernel, inputs, attrs);
  const wasm = await runOn('wasm', kernel, inputs, attrs);
  return { cpu, wasm };
}

/** Largest |a - b| / max(1, |b|) over all elements (Infinity if the sizes differ or a value is NaN). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs((a[i] as number) - (b[i] as number)) / Math.max(1, Math.abs(b[i] as number));
    if (!(err <= worst)) worst = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
  }
  return worst;
}
