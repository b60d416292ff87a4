// StrataLstmCell and StrataLstmCellGrad: one LSTM step forward and back in one pass each.
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

// exp(x) = 2^n · e^r with n = round(x / ln 2) and r = x − n·ln 2, the product n·ln 2 taken in two
// parts (Cody & Waite 1980; the split of Cephes' expf, whose high part has 9 bits so n·C1 is exact).
const LOG2E: f32 = <f32>Math.LOG2E;
const C1: f32 = 0.693359375;
const C2: f32 = -2.1219444e-4;

/**
 * e^x for four floats. |r| ≤ ln2 / 2, where the Taylor series of e^r to r⁷ is within 1e-8 relative;
 * x is clamped to [−87, 88] so 2^n stays a normal float (e^88 ≈ 1.65e38; below e^−87 the callers'
 * results round to their limits anyway).
 */
function expV(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(88)), f32x4.splat(-87));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, f32x4.splat(C1))), f32x4.mul(n, f32x4.splat(C2)));
  let p = f32x4.splat(<f32>(1.0 / 5040));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 720)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1));
  const twoN = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, twoN);
}

function sigmoidV(z: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expV(f32x4.neg(z))));
}

/**
 * tanh for four floats: 1 − 2 / (1 + e^{2|z|}) with z's sign where |z| ≥ 0.25, and below that the
 * odd Taylor series to z⁹ (within 1e-8 relative there), where the first form would lose digits.
 */
function tanhV(z: v128): v128 {
  const az = f32x4.abs(z);
  const big = f32x4.sub(
    f32x4.splat(1),
    f32x4.div(f32x4.splat(2), f32x4.add(f32x4.splat(1), expV(f32x4.add(az, az)))),
  );
  const signed = v128.or(big, v128.and(z, i32x4.splat(0x80000000)));
  const z2 = f32x4.mul(z, z);
  let p = f32x4.splat(<f32>(62.0 / 2835));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>(-17.0 / 315)));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>(2.0 / 15)));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>(-1.0 / 3)));
  const small = f32x4.add(z, f32x4.mul(f32x4.mul(z, z2), p));
  return v128.bitselect(small, signed, f32x4.lt(az, f32x4.splat(0.25)));
}

// Scalar twins of expV, sigmoidV and tanhV for the last U % 4 units and the scalar build. Not
// Mathf.exp or Mathf.tanh: AssemblyScript's implementations read lookup tables from a data segment,
// and this module's memory is the tfjs backend's heap, which a data segment would overwrite.
function exp1(x: f32): f32 {
  const xc = max(min(x, <f32>88), <f32>-87);
  const n = nearest<f32>(xc * LOG2E);
  const r = xc - n * C1 - n * C2;
  let p: f32 = <f32>(1.0 / 5040);
  p = p * r + <f32>(1.0 / 720);
  p = p * r + <f32>(1.0 / 120);
  p = p * r + <f32>(1.0 / 24);
  p = p * r + <f32>(1.0 / 6);
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  return p * reinterpret<f32>((<i32>n + 127) << 23);
}

function sigmoid1(z: f32): f32 {
  return 1 / (1 + exp1(-z));
}

function tanh1(z: f32): f32 {
  const az = abs(z);
  if (az < 0.25) {
    const z2 = z * z;
    let p: f32 = <f32>(62.0 / 2835);
    p = p * z2 + <f32>(-17.0 / 315);
    p = p * z2 + <f32>(2.0 / 15);
    p = p * z2 + <f32>(-1.0 / 3);
    return z + z * z2 * p;
  }
  return copysign<f32>(1 - 2 / (1 + exp1(az + az)), z);
}

/**
 * One LSTM step over B rows of U units (see LSTM_CELL_KERNEL in @strata/core): z = xp + r, gate
 * activations a = [σ(z_i), σ(z_f), tanh(z_c), σ(z_o)], c' = a_f·c + a_i·a_c, tc = tanh(c'),
 * h = a_o·tc. xp, r and a are [B, 4U]; c, cOut, tcOut and hOut [B, U].
 */
export function lstmCell(
  xp: usize,
  r: usize,
  c: usize,
  a: usize,
  cOut: usize,
  tcOut: usize,
  hOut: usize,
  B: i32,
  U: i32,
): void {
  const block = (<usize>U) << 2;
  for (let b = 0; b < B; b++) {
    const row = <usize>b * (block << 2);
    const srow = <usize>b * block;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 4 <= U; j += 4) {
        const o = row + ((<usize>j) << 2);
        const s = srow + ((<usize>j) << 2);
        const i = sigmoidV(f32x4.add(v128.load(xp + o), v128.load(r + o)));
        const f = sigmoidV(f32x4.add(v128.load(xp + o + block), v128.load(r + o + block)));
        const g = tanhV(f32x4.add(v128.load(xp + o + 2 * block), v128.load(r + o + 2 * block)));
        const og = sigmoidV(f32x4.add(v128.load(xp + o + 3 * block), v128.load(r + o + 3 * block)));
        v128.store(a + o, i);
        v128.store(a + o + block, f);
        v128.store(a + o + 2 * block, g);
        v128.store(a + o + 3 * block, og);
        const cs = f32x4.add(f32x4.mul(f, v128.load(c + s)), f32x4.mul(i, g));
        const t = tanhV(cs);
        v128.store(cOut + s, cs);
        v128.store(tcOut + s, t);
        v128.store(hOut + s, f32x4.mul(og, t));
      }
    }
    for (; j < U; j++) {
      const o = row + ((<usize>j) << 2);
      const s = srow + ((<usize>j) << 2);
      const i = sigmoid1(load<f32>(xp + o) + load<f32>(r + o));
      const f = sigmoid1(load<f32>(xp + o + block) + load<f32>(r + o + block));
      const g = tanh1(load<f32>(xp + o + 2 * block) + load<f32>(r + o + 2 * block));
      const og = sigmoid1(load<f32>(xp + o + 3 * block) + load<f32>(r + o + 3 * block));
      store<f32>(a + o, i);
      store<f32>(a + o + block, f);
      store<f32>(a + o + 2 * block, g);
      store<f32>(a + o + 3 * block, og);
      const cs = f * load<f32>(c + s) + i * g;
      const t = tanh1(cs);
      store<f32>(cOut + s, cs);
      store<f32>(tcOut + s, t);
      store<f32>(hOut + s, og * t);
    }
  }
}

/**
 * The backward pass of one LSTM step (see LSTM_CELL_GRAD_KERNEL in @strata/core). With dh = dy + gh
 * and e = gc + dh·a_o·(1 − tc²): dz = m·[e·a_c·a_i(1 − a_i), e·c·a_f(1 − a_f), e·a_i(1 − a_c²),
 * dh·tc·a_o(1 − a_o)], gcOut = m·e·a_f + (1 − m)·gc and, when `m` is not 0 (a mask is given),
 * ghOut = (1 − m)·dh. dz and a are [B, 4U]; the rest [B, U]; m is [B] (pointer 0: no mask).
 */
export function lstmCellGrad(
  dy: usize,
  gh: usize,
  gc: usize,
  a: usize,
  c: usize,
  tc: usize,
  m: usize,
  dz: usize,
  gcOut: usize,
  ghOut: usize,
  B: i32,
  U: i32,
): void {
  const block = (<usize>U) << 2;
  for (let b = 0; b < B; b++) {
    const row = <usize>b * (block << 2);
    const srow = <usize>b * block;
    const mb: f32 = m === 0 ? 1 : load<f32>(m + ((<usize>b) << 2));
    const keep: f32 = 1 - mb;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const one = f32x4.splat(1);
      const vm = f32x4.splat(mb);
      const vk = f32x4.splat(keep);
      for (; j + 4 <= U; j += 4) {
        const o = row + ((<usize>j) << 2);
        const s = srow + ((<usize>j) << 2);
        const i = v128.load(a + o);
        const f = v128.load(a + o + block);
        const g = v128.load(a + o + 2 * block);
        const og = v128.load(a + o + 3 * block);
        const t = v128.load(tc + s);
        const gcs = v128.load(gc + s);
        const dh = f32x4.add(v128.load(dy + s), v128.load(gh + s));
        const e = f32x4.add(gcs, f32x4.mul(dh, f32x4.mul(og, f32x4.sub(one, f32x4.mul(t, t)))));
        const em = f32x4.mul(e, vm);
        v128.store(dz + o, f32x4.mul(em, f32x4.mul(g, f32x4.mul(i, f32x4.sub(one, i)))));
        v128.store(
          dz + o + block,
          f32x4.mul(em, f32x4.mul(v128.load(c + s), f32x4.mul(f, f32x4.sub(one, f)))),
        );
        v128.store(dz + o + 2 * block, f32x4.mul(em, f32x4.mul(i, f32x4.sub(one, f32x4.mul(g, g)))));
        v128.store(
          dz + o + 3 * block,
          f32x4.mul(f32x4.mul(dh, vm), f32x4.mul(t, f32x4.mul(og, f32x4.sub(one, og)))),
        );
        v128.store(gcOut + s, f32x4.add(f32x4.mul(em, f), f32x4.mul(vk, gcs)));
        if (m !== 0) v128.store(ghOut + s, f32x4.mul(vk, dh));
      }
    }
    for (; j < U; j++) {
      const o = row + ((<usize>j) << 2);
      const s = srow + ((<usize>j) << 2);
      const i = load<f32>(a + o);
      const f = load<f32>(a + o + block);
      const g = load<f32>(a + o + 2 * block);
      const og = load<f32>(a + o + 3 * block);
      const t = load<f32>(tc + s);
      const gcs = load<f32>(gc + s);
      const dh = load<f32>(dy + s) + load<f32>(gh + s);
      const e = gcs + dh * (og * (1 - t * t));
      const em = e * mb;
      store<f32>(dz + o, em * (g * (i * (1 - i))));
      store<f32>(dz + o + block, em * (load<f32>(c + s) * (f * (1 - f))));
      store<f32>(dz + o + 2 * block, em * (i * (1 - g * g)));
      store<f32>(dz + o + 3 * block, dh * mb * (t * (og * (1 - og))));
      store<f32>(gcOut + s, em * f + keep * gcs);
      if (m !== 0) store<f32>(ghOut + s, keep * dh);
    }
  }
}
