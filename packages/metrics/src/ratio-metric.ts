import {
  AVERAGED_KEYS,
  type AveragedOptions,
  averageRatio,
  batchCounts,
  type ClassCountsState,
  COUNTS_REDUCTIONS,
  initCounts,
  type RatioSpec,
  readCounts,
  resolveAverage,
  resolveTask,
  type TaskOptions,
} from './class-counts.js';
import { defineMetric } from './define-metric.js';
import type { StreamingMetric } from './types.js';

/** The options of precision, recall, F-beta and specificity. */
export interface RatioMetricOptions extends TaskOptions, AveragedOptions {
  /** The name logs use. */
  readonly name?: string;
}

/**
 * A per-class ratio of confusion counts, averaged (precision, recall, F-beta, specificity): all share
 * the confusion-matrix state. Not exported from the package.
 */
export function defineRatioMetric(
  fn: string,
  spec: RatioSpec,
  options: RatioMetricOptions,
  extraKeys: readonly string[] = [],
): StreamingMetric<ClassCountsState, number | number[]> {
  const name = options.name ?? fn;
  const task = resolveTask(options, fn, name, [...AVERAGED_KEYS, 'name', ...extraKeys]);
  const averaged = resolveAverage(task, options, fn);
  return defineMetric<ClassCountsState, number | number[]>({
    name,
    higherIsBetter: true,
    reductions: COUNTS_REDUCTIONS,
    init: () => initCounts(task),
    batch: (yTrue, yPred) => batchCounts(task, yTrue, yPred),
    compute: (state) => averageRatio(task, readCounts(task, state), spec, averaged),
  });
}
