import { LSTM_CELL_GRAD_KERNEL, LSTM_CELL_KERNEL } from '@strata/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { lstmCellGradInputs, lstmCellInputs } from '../lstm-cell-inputs.js';
import { helperFor } from './helper-module.js';
import { asWasmBackend, ptr, temp } from './wasm-backend.js';

/**
 * One LSTM step (`LSTM_CELL_KERNEL` in @strata/core) in one SIMD pass of the helper module: the four
 * gate activations, the new cell state and output, where the composite form takes a dozen kernels.
 * Its exponentials are a polynomial (within a few float32 ulps of the exact value, see assembly/lstm.ts).
 */
export function lstmCellWasm(args: {
  inputs: Partial<Record<string, TensorInfo>>;
  backend: unknown;
}): TensorInfo[] {
  const label = `${LSTM_CELL_KERNEL} (wasm)`;
  const backend = asWasmBackend(args.backend, label);
  const { xp, r, c, batch, units } = lstmCellInputs(args.inputs, label);
  const a = temp(backend, [batch, 4 * units]);
  const out = [temp(backend, [batch, units]), temp(backend, [batch, units]), temp(backend, [batch, units])];
  if (batch * units > 0) {
    const p = (t: TensorInfo) => ptr(backend, t);
    helperFor(backend).lstmCell(
      p(xp),
      p(r),
      p(c),
      p(a),
      ...(out.map(p) as [number, number, number]),
      batch,
      units,
    );
  }
  return [a, ...out];
}

/** The backward pass of one LSTM step (`LSTM_CELL_GRAD_KERNEL` in @strata/core) in one SIMD pass. */
export function lstmCellGradWasm(args: {
  inputs: Partial<Record<string, TensorInfo>>;
  backend: unknown;
}): TensorInfo[] {
  const label = `${LSTM_CELL_GRAD_KERNEL} (wasm)`;
  const backend = asWasmBackend(args.backend, label);
  const { dy, gh, gc, a, c, tc, m, batch, units } = lstmCellGradInputs(args.inputs, label);
  const dz = temp(backend, [batch, 4 * units]);
  const gcOut = temp(backend, [batch, units]);
  const ghOut = m === undefined ? undefined : temp(backend, [batch, units]);
  if (batch * units > 0) {
    const p = (t: TensorInfo | undefined) => (t === undefined ? 0 : ptr(backend, t));
    helperFor(backend).lstmCellGrad(
      p(dy),
      p(gh),
      p(gc),
      p(a),
      p(c),
      p(tc),
      p(m),
      p(dz),
      p(gcOut),
      p(ghOut),
      batch,
      units,
    );
  }
  return ghOut === undefined ? [dz, gcOut] : [dz, gcOut, ghOut];
}

export const lstmCellConfig: KernelConfig = {
  kernelName: LSTM_CELL_KERNEL,
  backendName: 'wasm',
  kernelFunc: lstmCellWasm as unknown as KernelFunc,
};

export const lstmCellGradConfig: KernelConfig = {
  kernelName: LSTM_CELL_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: lstmCellGradWasm as unknown as KernelFunc,
};
