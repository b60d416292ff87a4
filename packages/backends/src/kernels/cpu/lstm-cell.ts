import { LSTM_CELL_GRAD_KERNEL, LSTM_CELL_KERNEL } from '@strata/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { lstmCellGradInputs, lstmCellInputs } from '../lstm-cell-inputs.js';
import { asCpuBackend, floats } from './cpu-backend.js';

const f = Math.fround;
const sigmoid = (z: number) => f(1 / (1 + Math.exp(-z)));

/**
 * One LSTM step (`LSTM_CELL_KERNEL` in @strata/core) in one loop: each activation in double precision
 * rounded once to float32, each product and sum rounded as the composite ops round theirs.
 */
export function lstmCellCpu(args: {
  inputs: Partial<Record<string, TensorInfo>>;
  backend: unknown;
}): TensorInfo[] {
  const label = `${LSTM_CELL_KERNEL} (cpu)`;
  const backend = asCpuBackend(args.backend, label);
  const { xp, r, c, batch, units: u } = lstmCellInputs(args.inputs, label);
  const [xv, rv, cv] = [xp, r, c].map((t) => floats(backend, t, label)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const a = new Float32Array(batch * 4 * u);
  const cNew = new Float32Array(batch * u);
  const tc = new Float32Array(batch * u);
  const h = new Float32Array(batch * u);
  for (let b = 0; b < batch; b++) {
    const row = b * 4 * u;
    for (let j = 0; j < u; j++) {
      const k = row + j;
      const i = sigmoid(f(xv[k]! + rv[k]!));
      const fg = sigmoid(f(xv[k + u]! + rv[k + u]!));
      const g = f(Math.tanh(f(xv[k + 2 * u]! + rv[k + 2 * u]!)));
      const o = sigmoid(f(xv[k + 3 * u]! + rv[k + 3 * u]!));
      a[k] = i;
      a[k + u] = fg;
      a[k + 2 * u] = g;
      a[k + 3 * u] = o;
      const s = b * u + j;
      const cs = f(f(fg * cv[s]!) + f(i * g));
      const t = f(Math.tanh(cs));
      cNew[s] = cs;
      tc[s] = t;
      h[s] = f(o * t);
    }
  }
  return [
    backend.makeTensorInfo([batch, 4 * u], 'float32', a),
    ...[cNew, tc, h].map((v) => backend.makeTensorInfo([batch, u], 'float32', v)),
  ];
}

/** The backward pass of one LSTM step (`LSTM_CELL_GRAD_KERNEL` in @strata/core) in one loop. */
export function lstmCellGradCpu(args: {
  inputs: Partial<Record<string, TensorInfo>>;
  backend: unknown;
}): TensorInfo[] {
  const label = `${LSTM_CELL_GRAD_KERNEL} (cpu)`;
  const backend = asCpuBackend(args.backend, label);
  const { dy, gh, gc, a, c, tc, m, batch, units: u } = lstmCellGradInputs(args.inputs, label);
  const read = (t: TensorInfo) => floats(backend, t, label);
  const [dyv, ghv, gcv, av, cv, tcv] = [dy, gh, gc, a, c, tc].map(read) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const mv = m === undefined ? undefined : read(m);
  const dz = new Float32Array(batch * 4 * u);
  const gcPrev = new Float32Array(batch * u);
  const ghPrev = mv === undefined ? undefined : new Float32Array(batch * u);
  for (let b = 0; b < batch; b++) {
    const mb = mv === undefined ? 1 : mv[b]!;
    const row = b * 4 * u;
    for (let j = 0; j < u; j++) {
      const s = b * u + j;
      const k = row + j;
      const [i, fg, g, o] = [av[k]!, av[k + u]!, av[k + 2 * u]!, av[k + 3 * u]!];
      const t = tcv[s]!;
      const dh = f(dyv[s]! + ghv[s]!);
      const e = f(gcv[s]! + f(dh * f(o * f(1 - f(t * t)))));
      dz[k] = f(mb * f(e * f(g * f(i * f(1 - i)))));
      dz[k + u] = f(mb * f(e * f(cv[s]! * f(fg * f(1 - fg)))));
      dz[k + 2 * u] = f(mb * f(e * f(i * f(1 - f(g * g)))));
      dz[k + 3 * u] = f(mb * f(dh * f(t * f(o * f(1 - o)))));
      gcPrev[s] = mb === 1 ? f(e * fg) : f(f(mb * f(e * fg)) + f(f(1 - mb) * gcv[s]!));
      if (ghPrev !== undefined) ghPrev[s] = f(f(1 - mb) * dh);
    }
  }
  const outs = [dz, gcPrev, ...(ghPrev ? [ghPrev] : [])];
  return outs.map((v, n) => backend.makeTensorInfo([batch, n === 0 ? 4 * u : u], 'float32', v));
}

export const lstmCellCpuConfig: KernelConfig = {
  kernelName: LSTM_CELL_KERNEL,
  backendName: 'cpu',
  kernelFunc: lstmCellCpu as unknown as KernelFunc,
};

export const lstmCellGradCpuConfig: KernelConfig = {
  kernelName: LSTM_CELL_GRAD_KERNEL,
  backendName: 'cpu',
  kernelFunc: lstmCellGradCpu as unknown as KernelFunc,
};
