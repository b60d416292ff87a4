import { ADAM_MOMENTS_KERNEL, type AdamMomentsAttrs } from '@strata/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { adamMomentsInputs } from '../adam-moments-inputs.js';
import { asCpuBackend, floats } from './cpu-backend.js';

const label = `${ADAM_MOMENTS_KERNEL} (cpu)`;

/**
 * Adam's moments and step (see `ADAM_MOMENTS_KERNEL` in @strata/core) in one loop: one kernel launch
 * per parameter instead of twelve. Each operation is rounded to float32 as the composite ops round
 * their results (Math.fround), and the constants once from their double values.
 */
export function adamMomentsCpu(args: {
  inputs: { g?: TensorInfo; m?: TensorInfo; v?: TensorInfo };
  attrs: AdamMomentsAttrs;
  backend: unknown;
}): TensorInfo[] {
  const backend = asCpuBackend(args.backend, label);
  const { g, m, v, size } = adamMomentsInputs(args.inputs, label);
  const f = Math.fround;
  const { b1, b2, eps, c1, c2 } = args.attrs;
  const [fb1, fb2, feps, fc1, fc2] = [f(b1), f(b2), f(eps), f(c1), f(c2)];
  const [a1, a2] = [f(1 - b1), f(1 - b2)];
  const gv = floats(backend, g, label);
  const mv = floats(backend, m, label);
  const vv = floats(backend, v, label);
  const mo = new Float32Array(size);
  const vo = new Float32Array(size);
  const uo = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const gi = gv[i]!;
    const mi = f(f(mv[i]! * fb1) + f(gi * a1));
    const vi = f(f(vv[i]! * fb2) + f(f(gi * gi) * a2));
    mo[i] = mi;
    vo[i] = vi;
    uo[i] = f(mi / fc1) / f(f(Math.sqrt(f(vi / fc2))) + feps);
  }
  const shape = [...g.shape];
  return [mo, vo, uo].map((values) => backend.makeTensorInfo(shape, 'float32', values));
}

export const adamMomentsCpuConfig: KernelConfig = {
  kernelName: ADAM_MOMENTS_KERNEL,
  backendName: 'cpu',
  kernelFunc: adamMomentsCpu as unknown as KernelFunc,
};
