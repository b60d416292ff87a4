import type { BackendReport } from './backend-selector.js';

/**
 * Formats `listBackends()` as a plain-text table (what `strata doctor` prints): one row per backend
 * with whether it works here, its package and version, and the reason or what it runs with.
 *
 * @example
 * ```ts
 * import { describeBackends, listBackends } from '@strata/backends';
 * const table = describeBackends(await listBackends());
 * // backend   available  package                               details
 * // node-gpu  no         @tensorflow/tfjs-node-gpu             package @tensorflow/tfjs-node-gpu is not installed: …
 * // wasm      yes        @tensorflow/tfjs-backend-wasm@4.22.0  runs on the cpu, SIMD, 1 thread
 * table.split('\n')[0]!.split(/\s+/); // => ['backend', 'available', 'package', 'details']
 * /^cpu +yes /m.test(table); // => true
 * ```
 */
export function describeBackends(reports: readonly BackendReport[]): string {
  const rows = [
    ['backend', 'available', 'package', 'details'],
    ...reports.map((r) => {
      const version = r.info?.versions.backend;
      return [r.name, r.available ? 'yes' : 'no', version ? `${r.package}@${version}` : r.package, r.reason];
    }),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c < widths.length ? cell.padEnd(widths[c] ?? 0) : cell))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
