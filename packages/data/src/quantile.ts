/**
 * The q-quantile (q in [0, 1]) of sorted values by linear interpolation between closest ranks, NumPy's
 * default (`method='linear'`): position q·(n − 1).
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
