// StrataAdamMoments: Adam's moments and step in one pass.
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

/**
 * Adam's moments and step for `n` floats (the StrataAdamMoments kernel, see @strata/core):
 * m' = m·b1 + g·(1 − b1), v' = v·b2 + g²·(1 − b2), u = (m' / c1) / (√(v' / c2) + eps), in float32 in
 * the composite form's order. The outputs may alias nothing; the inputs are left as they are.
 */
export function adamMoments(
  g: usize,
  m: usize,
  v: usize,
  mOut: usize,
  vOut: usize,
  uOut: usize,
  n: i32,
  beta1: f64,
  beta2: f64,
  epsilon: f64,
  bias1: f64,
  bias2: f64,
): void {
  // Each constant rounded to float32 once from its double value, as tfjs does with a JS number
  // operand (so 1 − b1 is the float32 nearest 0.1, not 1 minus the float32 nearest 0.9).
  const b1 = <f32>beta1;
  const b2 = <f32>beta2;
  const a1 = <f32>(1 - beta1);
  const a2 = <f32>(1 - beta2);
  const eps = <f32>epsilon;
  const c1 = <f32>bias1;
  const c2 = <f32>bias2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vb1 = f32x4.splat(b1);
    const vb2 = f32x4.splat(b2);
    const va1 = f32x4.splat(a1);
    const va2 = f32x4.splat(a2);
    const vc1 = f32x4.splat(c1);
    const vc2 = f32x4.splat(c2);
    const veps = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      const gi = v128.load(g + o);
      const mi = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gi, va1));
      const vi = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gi, gi), va2));
      v128.store(mOut + o, mi);
      v128.store(vOut + o, vi);
      v128.store(uOut + o, f32x4.div(f32x4.div(mi, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vc2)), veps)));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * a1;
    const vi = load<f32>(v + o) * b2 + gi * gi * a2;
    store<f32>(mOut + o, mi);
    store<f32>(vOut + o, vi);
    store<f32>(uOut + o, mi / c1 / (Mathf.sqrt(vi / c2) + eps));
  }
}
