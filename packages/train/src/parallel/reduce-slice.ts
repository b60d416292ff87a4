/**
 * The weighted sum of every worker's slot over elements [from, to): `out[i] = Σ_k weights[k] ·
 * slots[k·length + i]`, accumulated in float64 in rank order and rounded once to float32 (internal).
 * Every element is summed in the same order whichever worker reduces it, so all workers end with
 * bit-identical averages; with one worker and weight 1 the result is the input exactly. Workers with
 * weight 0 (no rows this step) are skipped, so whatever their slot holds cannot leak in.
 */
export function reduceSlice(
  slots: Float32Array,
  length: number,
  weights: readonly number[],
  from: number,
  to: number,
  out: Float32Array,
): void {
  if (to <= from) return;
  const acc = new Float64Array(to - from);
  weights.forEach((w, k) => {
    if (w === 0) return;
    const base = k * length;
    for (let i = from; i < to; i++) acc[i - from]! += w * slots[base + i]!;
  });
  out.set(acc, from);
}
