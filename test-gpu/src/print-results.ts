import type { ParityResult } from './parity-cases.js';

/** Prints one line per parity case: the worst element's share of its tolerance. */
export function printParity(where: string, results: readonly ParityResult[]): void {
  const failed = results.filter((r) => !r.ok).length;
  const lines = results.map(
    (r) =>
      `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(48)} worst ${Number.isFinite(r.worst) ? `${(r.worst * 100).toFixed(1)}%` : '∞'} of (atol ${r.tol.atol}, rtol ${r.tol.rtol})${r.ok ? '' : `: ${r.detail}`}`,
  );
  console.log(
    `[${where}] parity with cpu: ${results.length - failed}/${results.length} pass\n${lines.join('\n')}`,
  );
}
