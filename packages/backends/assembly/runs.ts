// Loops over runs of float32s that several kernel families share. Not exported from the module
// (index.ts re-exports only the kernels).
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

/** d[i] += s[i] for `n` floats. */
export function addRun(d: usize, s: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
  }
}

/** d[i] += a[i] * b[i] for `n` floats. */
export function mulAddRun(d: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), f32x4.mul(v128.load(a + o), v128.load(b + o))));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(d + o, load<f32>(d + o) + load<f32>(a + o) * load<f32>(b + o));
  }
}

export function addOne(a: usize, v: f32): void {
  store<f32>(a, load<f32>(a) + v);
}

export function pixel(base: usize, n: i32, h: i32, w: i32, H: i32, W: i32, C: i32): usize {
  return base + ((<usize>((n * H + h) * W + w) * <usize>C) << 2);
}
