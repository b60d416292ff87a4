import { hasFusedKernel, LSTM_CELL_GRAD_KERNEL, LSTM_CELL_KERNEL } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type GradThunk, lazyGradOp } from './lazy-grad-op.js';

/**
 * The recurrent cells Strata runs, in Keras' weight layout (kernel [in, G·u], recurrent kernel
 * [u, G·u], gate blocks side by side):
 * - `simple`: h = act(x·W + h·U + b), one block.
 * - `lstm`: blocks i, f, c, o; sigmoid gates, tanh candidate and output.
 * - `gru`: blocks z, r, h with `reset_after` (TF2 Keras and cuDNN): bias [2, 3u] (input, recurrent),
 *   ĥ = tanh(x·Wh + bh + r ⊙ (h·Uh + rbh)).
 * - `gruResetBefore`: the original formulation, bias [3u], ĥ = tanh(x·Wh + (r ⊙ h)·Uh + bh).
 * In every cell the new state is h' = z ⊙ h + (1 − z) ⊙ ĥ for the GRU (Keras' convention; PyTorch's
 * `nn.GRU` is the same).
 */
export type CellKind = 'simple' | 'lstm' | 'gru' | 'gruResetBefore';

export interface SequenceSpec {
  readonly kind: CellKind;
  readonly units: number;
  readonly goBackwards: boolean;
  /** The simple cell's activation; the gated cells use tanh. */
  readonly activation?: 'tanh' | 'relu';
}

/** Gate blocks per cell. */
export function gateCount(kind: CellKind): number {
  return kind === 'simple' ? 1 : kind === 'lstm' ? 4 : 3;
}

/** States per cell: h, and c for the LSTM. */
export function stateCount(kind: CellKind): number {
  return kind === 'lstm' ? 2 : 1;
}

/**
 * Runs a recurrent cell over a whole sequence as one op with a hand-written backward pass through
 * time. The forward pass makes one product for the input projection of all steps (x·W + b over
 * [batch·time, in]) and one product per step for the recurrence (two for `gruResetBefore`, whose
 * reset gate multiplies the state before its product), with the gates' activations applied to all
 * gate blocks at once. The backward pass writes every gate derivative as (upstream gradient) ×
 * (a factor computed for all steps at once from the saved activations), so each step costs one
 * product and a few element-wise kernels, and the weight gradients are one product each over all
 * steps (Werbos 1990, backpropagation through time).
 *
 * Inputs: x [B, T, in], kernel, recurrentKernel, bias, the initial states ([B, u] each), and an
 * optional float mask [B, T] (1 = step taken, 0 = padded: the states carry over unchanged and the
 * step's output repeats the previous one, see `pack`). Output, packed: [B, T + states, u], the outputs in processing order
 * (reversed with `goBackwards`, as Keras returns them) followed by the final states.
 */
export function runSequence(
  spec: SequenceSpec,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor,
  states: tf.Tensor[],
  mask: tf.Tensor | undefined,
): tf.Tensor {
  const op = lazyGradOp((inputs, save) => {
    const [xIn, w, u, b] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const s0 = inputs.slice(4, 4 + stateCount(spec.kind));
    const m = mask ? inputs[4 + stateCount(spec.kind)] : undefined;
    return forward(spec, xIn, w, u, b, s0, m, save);
  });
  return mask
    ? op(x, kernel, recurrentKernel, bias, ...states, mask)
    : op(x, kernel, recurrentKernel, bias, ...states);
}

type Save = tf.GradSaveFunc;
type Forward = {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => GradThunk[];
};

/** Per-step slices along axis 0 of a time-major tensor. */
function steps(t: tf.Tensor): tf.Tensor[] {
  return tf.unstack(t, 0);
}

/** [B, T, in] · W + b as one product, time-major [T, B, G·u]; `b` is [G·u]. */
function inputProjection(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [batch, time, inDim] = x.shape as [number, number, number];
  const xt = tf.reshape(tf.transpose(x, [1, 0, 2]), [time * batch, inDim]);
  return tf.reshape(tf.add(tf.matMul(xt, w), b), [time, batch, w.shape[1]!]);
}

/** The mask time-major, [T, B, 1], in processing order. */
function maskSteps(mask: tf.Tensor, goBackwards: boolean): tf.Tensor[] {
  const tm = tf.expandDims(tf.transpose(tf.cast(mask, 'float32'), [1, 0]), 2);
  return steps(goBackwards ? tf.reverse(tm, 0) : tm);
}

/**
 * The gradients shared by every cell once dZ (the gradient at the input projection, time-major,
 * processing order) is known: dx = dZ·Wᵀ, dW = xᵀ·dZ, db = Σ dZ, all over [T·B] rows at once.
 */
function projectionGrads(
  dzProc: tf.Tensor,
  x: tf.Tensor,
  w: tf.Tensor,
  goBackwards: boolean,
): { dx: GradThunk; dw: GradThunk; db: () => tf.Tensor } {
  const [batch, time, inDim] = x.shape as [number, number, number];
  const g = w.shape[1]!;
  const dz = tf.reshape(goBackwards ? tf.reverse(dzProc, 0) : dzProc, [time * batch, g]);
  const xt = () => tf.reshape(tf.transpose(x, [1, 0, 2]), [time * batch, inDim]);
  return {
    dx: () => tf.transpose(tf.reshape(tf.matMul(dz, w, false, true), [time, batch, inDim]), [1, 0, 2]),
    dw: () => tf.matMul(xt(), dz, true, false),
    db: () => tf.sum(dz, 0),
  };
}

/** The upstream gradient of the packed output, split into per-step outputs and final states. */
function upstream(dy: tf.Tensor, time: number): { dys: tf.Tensor[]; dStates: tf.Tensor[] } {
  const all = steps(tf.transpose(dy, [1, 0, 2]));
  return { dys: all.slice(0, time), dStates: all.slice(time) };
}

/** Σ over steps of aᵀ·b for time-major [T, B, p] and [T, B, q]: one product. */
function stepProducts(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [t, batch, p] = a.shape as [number, number, number];
  return tf.matMul(tf.reshape(a, [t * batch, p]), tf.reshape(b, [t * batch, b.shape[2]!]), true, false);
}

/**
 * Packs per-step outputs and final states into [B, T + states, u]. With a mask the outputs are Keras'
 * (`zero_output_for_mask` false): a padded step repeats the previous step's output, zeros before the
 * first real step, while the states carry over (they differ only before the first real step, when an
 * initial state is given).
 */
function pack(hs: tf.Tensor[], finals: tf.Tensor[], ms: tf.Tensor[] | undefined): tf.Tensor {
  if (!ms) return tf.stack([...hs, ...finals], 1);
  let out = tf.zerosLike(hs[0]!);
  const outs = hs.map((h, s) => {
    out = carry(out, h, ms[s]);
    return out;
  });
  return tf.stack([...outs, ...finals], 1);
}

/**
 * The gradient reaching each step's state from the outputs: through `pack`'s masked outputs, a padded
 * step passes its output gradient back to the previous output, so dOut_s = dy_s + (1 − m₊₁)·dOut₊₁ and
 * the state h_s receives m_s·dOut_s.
 */
function outputGrads(dys: tf.Tensor[], mAll: tf.Tensor | undefined): tf.Tensor[] {
  if (!mAll) return dys;
  const ms = steps(mAll);
  const grads: tf.Tensor[] = new Array(dys.length);
  let back: tf.Tensor | undefined;
  for (let s = dys.length - 1; s >= 0; s--) {
    const d = back ? tf.add(dys[s]!, back) : dys[s]!;
    grads[s] = tf.mul(d, ms[s]!);
    back = tf.sub(d, grads[s]!);
  }
  return grads;
}

function forward(
  spec: SequenceSpec,
  x: tf.Tensor,
  w: tf.Tensor,
  u: tf.Tensor,
  b: tf.Tensor,
  s0: tf.Tensor[],
  mask: tf.Tensor | undefined,
  save: Save,
): Forward {
  switch (spec.kind) {
    case 'lstm':
      return lstmForward(spec, x, w, u, b, s0, mask, save);
    case 'gru':
      return gruForward(spec, x, w, u, b, s0, mask, save);
    case 'gruResetBefore':
      return gruResetBeforeForward(spec, x, w, u, b, s0, mask, save);
    default:
      return simpleForward(spec, x, w, u, b, s0, mask, save);
  }
}

/** `prev + m ⊙ (next − prev)`: the masked state update (m is 0 or 1 per sample). */
function carry(prev: tf.Tensor, next: tf.Tensor, m: tf.Tensor | undefined): tf.Tensor {
  return m ? tf.add(prev, tf.mul(m, tf.sub(next, prev))) : next;
}

/** Time-major [T, B, 1] mask (processing order) saved for the backward pass, or ones. */
function stackedMask(ms: tf.Tensor[] | undefined): tf.Tensor | undefined {
  return ms ? tf.stack(ms, 0) : undefined;
}

/** Lazy gradients of the states' initial values and of the mask (not differentiable: zeros). */
function tailGrads(finals: tf.Tensor[], mask: tf.Tensor | undefined): GradThunk[] {
  const thunks: GradThunk[] = finals.map((g) => () => g);
  if (mask) thunks.push(() => tf.zerosLike(mask));
  return thunks;
}

function simpleForward(
  spec: SequenceSpec,
  x: tf.Tensor,
  w: tf.Tensor,
  u: tf.Tensor,
  b: tf.Tensor,
  s0: tf.Tensor[],
  mask: tf.Tensor | undefined,
  save: Save,
): Forward {
  const time = x.shape[1]!;
  const relu = spec.activation === 'relu';
  const xp = steps(inputProjection(x, w, b));
  const ms = mask ? maskSteps(mask, spec.goBackwards) : undefined;
  let h = s0[0]!;
  const hs: tf.Tensor[] = [];
  for (let s = 0; s < time; s++) {
    const t = spec.goBackwards ? time - 1 - s : s;
    const pre = tf.add(xp[t]!, tf.matMul(h, u));
    h = carry(h, relu ? tf.relu(pre) : tf.tanh(pre), ms?.[s]);
    hs.push(h);
  }
  const H = tf.stack(hs, 0);
  const m = stackedMask(ms);
  save([x, w, u, tf.stack([s0[0]!, ...hs.slice(0, -1)], 0), H, ...(m ? [m] : [])]);
  return {
    value: pack(hs, [h], ms),
    gradFunc: (dy, saved) => {
      const [xs, ws, us, hPrev, hAll, mAll] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor?,
      ];
      const { dys: dOut, dStates } = upstream(dy, time);
      const dys = outputGrads(dOut, mAll);
      // dpre = dh ⊙ act'(pre) ⊙ m; the state passes (1 − m) of its gradient through a padded step.
      let d = relu ? tf.cast(tf.greater(hAll, 0), 'float32') : tf.sub(1, tf.square(hAll));
      if (mAll) d = tf.mul(d, mAll);
      const ds = steps(d);
      const keep = mAll ? steps(tf.sub(1, mAll)) : undefined;
      let gh = dStates[0]!;
      const ut = tf.transpose(us);
      const dzs: tf.Tensor[] = new Array(time);
      for (let s = time - 1; s >= 0; s--) {
        const g = tf.add(dys[s]!, gh);
        const dz = tf.mul(g, ds[s]!);
        dzs[s] = dz;
        gh = tf.matMul(dz, ut);
        if (keep) gh = tf.add(gh, tf.mul(g, keep[s]!));
      }
      const dZ = tf.stack(dzs, 0);
      const { dx, dw, db } = projectionGrads(dZ, xs, ws, spec.goBackwards);
      return [dx, dw, () => stepProducts(hPrev, dZ), db, ...tailGrads([gh], mask)];
    },
  };
}

/** One LSTM step: `[a, c', tanh(c'), h']` from the step's projections (see LSTM_CELL_KERNEL). */
type LstmCell = (xp: tf.Tensor, r: tf.Tensor, c: tf.Tensor) => tf.Tensor[];

const fusedLstmCell: LstmCell = (xp, r, c) =>
  tf.engine().runKernel(LSTM_CELL_KERNEL, { xp, r, c }) as tf.Tensor[];

/**
 * The columns' scale that lets one sigmoid kernel activate all four gate blocks in the composite
 * step: tanh(z) = 2σ(2z) − 1, so the candidate block is scaled by 2. Applied to W, b and U before the
 * products (they are small; every step's projection is not).
 */
function candidateScale(units: number): tf.Tensor {
  return tf.concat([tf.ones([2 * units]), tf.fill([units], 2), tf.ones([units])]);
}

/**
 * The LSTM step in composite ops, for backends without Strata's kernel. Its projections come from
 * W, b and U scaled by `scale` (candidateScale), so σ(xp + r) · scale − shift is [σ, σ, tanh, σ].
 */
function compositeLstmCell(units: number, scale: tf.Tensor): LstmCell {
  const shift = tf.concat([tf.zeros([2 * units]), tf.ones([units]), tf.zeros([units])]);
  return (xp, r, c) => {
    const a = tf.sub(tf.mul(tf.sigmoid(tf.add(xp, r)), scale), shift);
    const [i, f, g, o] = tf.split(a, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
    const tc = tf.tanh(cNew);
    return [a, cNew, tc, tf.mul(o, tc)];
  };
}

/** Whether the active backend runs the LSTM step as Strata's two fused kernels. */
function hasFusedLstm(x: tf.Tensor): boolean {
  return x.dtype === 'float32' && hasFusedKernel(LSTM_CELL_KERNEL) && hasFusedKernel(LSTM_CELL_GRAD_KERNEL);
}

function lstmForward(
  spec: SequenceSpec,
  x: tf.Tensor,
  w: tf.Tensor,
  u: tf.Tensor,
  b: tf.Tensor,
  s0: tf.Tensor[],
  mask: tf.Tensor | undefined,
  save: Save,
): Forward {
  const time = x.shape[1]!;
  const fused = hasFusedLstm(x);
  const scale = fused ? undefined : candidateScale(spec.units);
  const cell = scale ? compositeLstmCell(spec.units, scale) : fusedLstmCell;
  const scaled = (t: tf.Tensor) => (scale ? tf.mul(t, scale) : t);
  const xp = steps(inputProjection(x, scaled(w), scaled(b)));
  const us = scaled(u);
  const ms = mask ? maskSteps(mask, spec.goBackwards) : undefined;
  let h = s0[0]!;
  let c = s0[1]!;
  const hPrev: tf.Tensor[] = [];
  const cPrev: tf.Tensor[] = [];
  const acts: tf.Tensor[] = [];
  const tcs: tf.Tensor[] = [];
  const hs: tf.Tensor[] = [];
  for (let s = 0; s < time; s++) {
    const t = spec.goBackwards ? time - 1 - s : s;
    const [a, cNew, tc, hNew] = cell(xp[t]!, tf.matMul(h, us), c) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    hPrev.push(h);
    cPrev.push(c);
    acts.push(a);
    tcs.push(tc);
    h = carry(h, hNew, ms?.[s]);
    c = carry(c, cNew, ms?.[s]);
    hs.push(h);
  }
  const m = stackedMask(ms);
  save([
    x,
    w,
    u,
    tf.stack(hPrev, 0),
    tf.stack(cPrev, 0),
    tf.stack(acts, 0),
    tf.stack(tcs, 0),
    ...(m ? [m] : []),
  ]);
  return {
    value: pack(hs, [h, c], ms),
    gradFunc: (dy, saved) => {
      const [xs, ws, uw, H, C, A, TC, mAll] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor?,
      ];
      const { dys: dOut, dStates } = upstream(dy, time);
      const dys = outputGrads(dOut, mAll);
      const back = fused ? lstmBackFused : lstmBackComposite;
      const { dzs, gh, gc } = back(dys, dStates as [tf.Tensor, tf.Tensor], A, C, TC, mAll, tf.transpose(uw));
      const dZ = tf.stack(dzs, 0);
      const { dx, dw, db } = projectionGrads(dZ, xs, ws, spec.goBackwards);
      return [dx, dw, () => stepProducts(H, dZ), db, ...tailGrads([gh, gc], mask)];
    },
  };
}

/**
 * Backpropagation through the LSTM's steps, last to first: the gradients at each step's gate
 * pre-activations (processing order) and those reaching the initial states. A, C, TC and mAll are
 * the saved activations, previous cell states, tanh(c') and mask, time-major; ut is Uᵀ.
 */
type LstmBack = (
  dys: tf.Tensor[],
  dStates: [tf.Tensor, tf.Tensor],
  A: tf.Tensor,
  C: tf.Tensor,
  TC: tf.Tensor,
  mAll: tf.Tensor | undefined,
  ut: tf.Tensor,
) => { dzs: tf.Tensor[]; gh: tf.Tensor; gc: tf.Tensor };

/** One LSTM_CELL_GRAD_KERNEL and one product per step. */
const lstmBackFused: LstmBack = (dys, dStates, A, C, TC, mAll, ut) => {
  const [as, cs, tcs] = [steps(A), steps(C), steps(TC)];
  const ms = mAll ? steps(mAll) : undefined;
  let [gh, gc] = dStates;
  const dzs: tf.Tensor[] = new Array(dys.length);
  for (let s = dys.length - 1; s >= 0; s--) {
    const inputs = { dy: dys[s]!, gh, gc, a: as[s]!, c: cs[s]!, tc: tcs[s]!, ...(ms ? { m: ms[s]! } : {}) };
    const [dz, gcPrev, ghKeep] = tf.engine().runKernel(LSTM_CELL_GRAD_KERNEL, inputs) as tf.Tensor[];
    dzs[s] = dz!;
    gc = gcPrev!;
    gh = ghKeep ? tf.add(tf.matMul(dz!, ut), ghKeep) : tf.matMul(dz!, ut);
  }
  return { dzs, gh, gc };
};

/**
 * The same in composite ops. With e = dc + dh ⊙ o ⊙ (1 − tanh²c) the step's gate gradients are
 * dz = [e, e, e, dh] ⊙ [g·σ'(i), c₋₁·σ'(f), i·(1 − g²), tanh(c)·σ'(o)] (times the mask), and the
 * gradient reaching the previous c is e ⊙ f (⊙ m, plus (1 − m) of dc through a padded step). The
 * factors are computed for all steps at once, so each step costs a few element-wise kernels.
 */
const lstmBackComposite: LstmBack = (dys, dStates, A, C, TC, mAll, ut) => {
  const [i, f, g, o] = tf.split(A, 4, 2) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const dSig = (v: tf.Tensor) => tf.mul(v, tf.sub(1, v));
  let factor = tf.concat(
    [tf.mul(g, dSig(i)), tf.mul(C, dSig(f)), tf.mul(i, tf.sub(1, tf.square(g))), tf.mul(TC, dSig(o))],
    2,
  );
  const toC = tf.mul(o, tf.sub(1, tf.square(TC)));
  let forget = f;
  if (mAll) {
    factor = tf.mul(factor, mAll);
    forget = tf.mul(f, mAll);
  }
  const fs = steps(factor);
  const cs = steps(toC);
  const fg = steps(forget);
  const keep = mAll ? steps(tf.sub(1, mAll)) : undefined;
  let [gh, gc] = dStates;
  const dzs: tf.Tensor[] = new Array(dys.length);
  for (let s = dys.length - 1; s >= 0; s--) {
    const dh = tf.add(dys[s]!, gh);
    const e = tf.add(gc, tf.mul(dh, cs[s]!));
    const dz = tf.mul(tf.concat([e, e, e, dh], 1), fs[s]!);
    dzs[s] = dz;
    gh = tf.matMul(dz, ut);
    const toPrevC = tf.mul(e, fg[s]!);
    if (keep) {
      gh = tf.add(gh, tf.mul(dh, keep[s]!));
      gc = tf.add(toPrevC, tf.mul(gc, keep[s]!));
    } else {
      gc = toPrevC;
    }
  }
  return { dzs, gh, gc };
};

function gruForward(
  spec: SequenceSpec,
  x: tf.Tensor,
  w: tf.Tensor,
  u: tf.Tensor,
  b: tf.Tensor,
  s0: tf.Tensor[],
  mask: tf.Tensor | undefined,
  save: Save,
): Forward {
  const time = x.shape[1]!;
  const n = spec.units;
  const [bIn, bRec] = tf.unstack(b, 0) as [tf.Tensor, tf.Tensor];
  const xp = steps(inputProjection(x, w, bIn));
  const ms = mask ? maskSteps(mask, spec.goBackwards) : undefined;
  let h = s0[0]!;
  const hPrev: tf.Tensor[] = [];
  const zrs: tf.Tensor[] = [];
  const rhs: tf.Tensor[] = [];
  const hhs: tf.Tensor[] = [];
  const hs: tf.Tensor[] = [];
  for (let s = 0; s < time; s++) {
    const t = spec.goBackwards ? time - 1 - s : s;
    const rec = tf.add(tf.matMul(h, u), bRec);
    const [xzr, xh] = tf.split(xp[t]!, [2 * n, n], 1) as [tf.Tensor, tf.Tensor];
    const [rzr, rh] = tf.split(rec, [2 * n, n], 1) as [tf.Tensor, tf.Tensor];
    const zr = tf.sigmoid(tf.add(xzr, rzr));
    const [z, r] = tf.split(zr, 2, 1) as [tf.Tensor, tf.Tensor];
    const hh = tf.tanh(tf.add(xh, tf.mul(r, rh)));
    hPrev.push(h);
    zrs.push(zr);
    rhs.push(rh);
    hhs.push(hh);
    h = carry(h, tf.add(hh, tf.mul(z, tf.sub(h, hh))), ms?.[s]);
    hs.push(h);
  }
  const m = stackedMask(ms);
  save([
    x,
    w,
    u,
    tf.stack(hPrev, 0),
    tf.stack(zrs, 0),
    tf.stack(rhs, 0),
    tf.stack(hhs, 0),
    ...(m ? [m] : []),
  ]);
  return {
    value: pack(hs, [h], ms),
    gradFunc: (dy, saved) => {
      const [xs, ws, uw, H, ZR, RH, HH, mAll] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor?,
      ];
      const { dys: dOut, dStates } = upstream(dy, time);
      const dys = outputGrads(dOut, mAll);
      const [z, r] = tf.split(ZR, 2, 2) as [tf.Tensor, tf.Tensor];
      const dSig = (v: tf.Tensor) => tf.mul(v, tf.sub(1, v));
      // Every gradient of the step is dh times a factor: with da = dh ⊙ (1 − z) ⊙ (1 − ĥ²),
      // the input projection gets [dh·(h₋₁ − ĥ)·σ'(z), da·rh·σ'(r), da] and the recurrent one the same
      // with da·r in the last block; the previous state gets dh ⊙ z directly.
      const dA = tf.mul(tf.sub(1, z), tf.sub(1, tf.square(HH)));
      let px = tf.concat([tf.mul(tf.sub(H, HH), dSig(z)), tf.mul(tf.mul(dA, RH), dSig(r)), dA], 2);
      let direct = z;
      if (mAll) {
        px = tf.mul(px, mAll);
        direct = tf.add(tf.mul(z, mAll), tf.sub(1, mAll));
      }
      const prec = tf.mul(px, tf.concat([tf.onesLike(ZR), r], 2));
      const ps = steps(prec);
      const ds = steps(direct);
      let gh = dStates[0]!;
      const ut = tf.transpose(uw);
      const dhs: tf.Tensor[] = new Array(time);
      for (let s = time - 1; s >= 0; s--) {
        const dh = tf.add(dys[s]!, gh);
        dhs[s] = dh;
        const dRec = tf.mul(tf.concat([dh, dh, dh], 1), ps[s]!);
        gh = tf.add(tf.matMul(dRec, ut), tf.mul(dh, ds[s]!));
      }
      const dH = tf.stack(dhs, 0);
      const dH3 = tf.concat([dH, dH, dH], 2);
      const dZ = tf.mul(dH3, px);
      const dRecAll = tf.mul(dH3, prec);
      const { dx, dw, db } = projectionGrads(dZ, xs, ws, spec.goBackwards);
      const dbias = () => tf.stack([db(), tf.sum(tf.reshape(dRecAll, [-1, 3 * n]), 0)], 0);
      return [dx, dw, () => stepProducts(H, dRecAll), dbias, ...tailGrads([gh], mask)];
    },
  };
}

function gruResetBeforeForward(
  spec: SequenceSpec,
  x: tf.Tensor,
  w: tf.Tensor,
  u: tf.Tensor,
  b: tf.Tensor,
  s0: tf.Tensor[],
  mask: tf.Tensor | undefined,
  save: Save,
): Forward {
  const time = x.shape[1]!;
  const n = spec.units;
  const xp = steps(inputProjection(x, w, b));
  const [uzr, uh] = tf.split(u, [2 * n, n], 1) as [tf.Tensor, tf.Tensor];
  const ms = mask ? maskSteps(mask, spec.goBackwards) : undefined;
  let h = s0[0]!;
  const hPrev: tf.Tensor[] = [];
  const zrs: tf.Tensor[] = [];
  const hhs: tf.Tensor[] = [];
  const hs: tf.Tensor[] = [];
  for (let s = 0; s < time; s++) {
    const t = spec.goBackwards ? time - 1 - s : s;
    const [xzr, xh] = tf.split(xp[t]!, [2 * n, n], 1) as [tf.Tensor, tf.Tensor];
    const zr = tf.sigmoid(tf.add(xzr, tf.matMul(h, uzr)));
    const [z, r] = tf.split(zr, 2, 1) as [tf.Tensor, tf.Tensor];
    const hh = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), uh)));
    hPrev.push(h);
    zrs.push(zr);
    hhs.push(hh);
    h = carry(h, tf.add(hh, tf.mul(z, tf.sub(h, hh))), ms?.[s]);
    hs.push(h);
  }
  const m = stackedMask(ms);
  save([x, w, u, tf.stack(hPrev, 0), tf.stack(zrs, 0), tf.stack(hhs, 0), ...(m ? [m] : [])]);
  return {
    value: pack(hs, [h], ms),
    gradFunc: (dy, saved) => {
      const [xs, ws, uw, H, ZR, HH, mAll] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor?,
      ];
      // Transposed once here: a product with a transposed operand is slower per step.
      const [uzrT, uhT] = tf.split(tf.transpose(uw), [2 * n, n], 0) as [tf.Tensor, tf.Tensor];
      const { dys: dOut, dStates } = upstream(dy, time);
      const dys = outputGrads(dOut, mAll);
      const [z, r] = tf.split(ZR, 2, 2) as [tf.Tensor, tf.Tensor];
      const dSig = (v: tf.Tensor) => tf.mul(v, tf.sub(1, v));
      // da = dh ⊙ (1 − z)(1 − ĥ²) is the candidate's pre-activation gradient; its product with Uhᵀ is
      // the gradient at r ⊙ h, which splits into the reset gate's (⊙ h σ'(r)) and the state's (⊙ r).
      let pa = tf.mul(tf.sub(1, z), tf.sub(1, tf.square(HH)));
      let pz = tf.mul(tf.sub(H, HH), dSig(z));
      let direct = z;
      if (mAll) {
        pa = tf.mul(pa, mAll);
        pz = tf.mul(pz, mAll);
        direct = tf.add(tf.mul(z, mAll), tf.sub(1, mAll));
      }
      const pr = tf.mul(H, dSig(r));
      const [pas, pzs, prs, rs, ds] = [pa, pz, pr, r, direct].map(steps) as tf.Tensor[][];
      let gh = dStates[0]!;
      const das: tf.Tensor[] = new Array(time);
      const dzrs: tf.Tensor[] = new Array(time);
      for (let s = time - 1; s >= 0; s--) {
        const dh = tf.add(dys[s]!, gh);
        const da = tf.mul(dh, pas![s]!);
        const drh = tf.matMul(da, uhT);
        const dzr = tf.concat([tf.mul(dh, pzs![s]!), tf.mul(drh, prs![s]!)], 1);
        das[s] = da;
        dzrs[s] = dzr;
        gh = tf.add(tf.add(tf.matMul(dzr, uzrT), tf.mul(drh, rs![s]!)), tf.mul(dh, ds![s]!));
      }
      const dA = tf.stack(das, 0);
      const dZR = tf.stack(dzrs, 0);
      const dZ = tf.concat([dZR, dA], 2);
      const { dx, dw, db } = projectionGrads(dZ, xs, ws, spec.goBackwards);
      const du = () => tf.concat([stepProducts(H, dZR), stepProducts(tf.mul(r, H), dA)], 1);
      return [dx, dw, du, db, ...tailGrads([gh], mask)];
    },
  };
}
