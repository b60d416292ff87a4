import { BackendError } from '@strata/core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

type Inputs = Partial<Record<string, TensorInfo>>;

/** Checks that `names` are float32 tensors of shape [batch, cols]; returns them in order. */
function matrices(inputs: Inputs, names: readonly string[], kernel: string, batch: number, cols: number) {
  return names.map((name) => {
    const t = inputs[name];
    if (t === undefined) throw new BackendError(kernel, `needs the input ${name}`);
    if (t.dtype !== 'float32') throw new BackendError(kernel, `${name} must be float32, got ${t.dtype}`);
    if (t.shape.length !== 2 || t.shape[0] !== batch || t.shape[1] !== cols) {
      throw new BackendError(kernel, `${name} must have shape [${batch}, ${cols}], got [${t.shape}]`);
    }
    return t;
  });
}

/** The inputs of the LSTM cell kernel (`LSTM_CELL_KERNEL` in @strata/core): xp, r [B, 4u] and c [B, u]. */
export function lstmCellInputs(inputs: Inputs, kernel: string) {
  const c = inputs.c;
  if (c === undefined || c.shape.length !== 2) {
    throw new BackendError(kernel, `needs the input c of shape [batch, units], got [${c?.shape ?? ''}]`);
  }
  const [batch, units] = c.shape as [number, number];
  const [xp, r] = matrices(inputs, ['xp', 'r'], kernel, batch, 4 * units) as [TensorInfo, TensorInfo];
  matrices(inputs, ['c'], kernel, batch, units);
  return { xp, r, c, batch, units };
}

/** The inputs of the LSTM cell's gradient kernel (`LSTM_CELL_GRAD_KERNEL` in @strata/core). */
export function lstmCellGradInputs(inputs: Inputs, kernel: string) {
  const a = inputs.a;
  if (a === undefined || a.shape.length !== 2 || a.shape[1]! % 4 !== 0) {
    throw new BackendError(kernel, `needs the input a of shape [batch, 4·units], got [${a?.shape ?? ''}]`);
  }
  const [batch, four] = a.shape as [number, number];
  const units = four / 4;
  matrices(inputs, ['a'], kernel, batch, four);
  const [dy, gh, gc, c, tc] = matrices(inputs, ['dy', 'gh', 'gc', 'c', 'tc'], kernel, batch, units) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  const m = inputs.m === undefined ? undefined : matrices(inputs, ['m'], kernel, batch, 1)[0];
  return { dy, gh, gc, a, c, tc, m, batch, units };
}
