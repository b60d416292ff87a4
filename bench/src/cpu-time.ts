// CPU-time measurement for the kernel benchmark (kernels.ts).

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/**
 * This process's CPU time (user + system, ms). The machines these numbers come from are shared, so
 * wall time includes the time other processes held the core; CPU time of this single-threaded work
 * does not (wasm runs on one thread in Node).
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * CPU time per call of `f` (ms): a warm-up call, then batches of calls (Linux accounts CPU time in
 * scheduler ticks, so one short call cannot be timed alone) until `budgetMs` of CPU; the median of
 * the batches' per-call times.
 */
export function cpuTimePerCall(f: () => void, budgetMs: number, maxBatches: number): number {
  const t0 = cpuMs();
  f();
  const first = cpuMs() - t0;
  if (first > 2000) return first; // a slow reference kernel (cpu): one call is enough
  const t1 = cpuMs();
  f();
  const once = Math.max(cpuMs() - t1, 0.05);
  const perBatch = Math.max(1, Math.ceil(100 / once));
  const times: number[] = [];
  const start = cpuMs();
  while (
    times.length < Math.min(3, maxBatches) ||
    (times.length < maxBatches && cpuMs() - start < budgetMs)
  ) {
    const b0 = cpuMs();
    for (let i = 0; i < perBatch; i++) f();
    times.push((cpuMs() - b0) / perBatch);
  }
  return median(times);
}
