import { ConfigError } from '@strata/core';
import {
  batchCounts,
  type ClassCountsState,
  COUNTS_REDUCTIONS,
  type Counts,
  initCounts,
  type ResolvedTask,
  readCounts,
  resolveTask,
  type TaskOptions,
} from './class-counts.js';
import { defineMetric } from './define-metric.js';
import type { StreamingMetric } from './types.js';

/** Options of the count-based scores that take one class per sample (binary or multiclass). */
export interface SingleLabelOptions extends TaskOptions {
  readonly task: 'binary' | 'multiclass';
  /** The name logs use. */
  readonly name?: string;
}

/**
 * A number from the confusion matrix of a binary or multiclass task (balanced accuracy, Matthews
 * correlation, Cohen's kappa). Not exported from the package.
 */
export function defineSingleLabelMetric(
  fn: string,
  options: SingleLabelOptions,
  extraKeys: readonly string[],
  score: (counts: Counts & { matrix: number[][] }, task: ResolvedTask) => number,
): StreamingMetric<ClassCountsState, number> {
  const name = options.name ?? fn;
  const task = resolveTask(options, fn, name, ['name', ...extraKeys]);
  if (task.task === 'multilabel') {
    throw new ConfigError(`${fn}({task})`, `takes one class per sample: use task 'binary' or 'multiclass'`);
  }
  return defineMetric<ClassCountsState, number>({
    name,
    higherIsBetter: true,
    reductions: COUNTS_REDUCTIONS,
    init: () => initCounts(task),
    batch: (yTrue, yPred) => batchCounts(task, yTrue, yPred),
    compute: (state) => score(readCounts(task, state) as Counts & { matrix: number[][] }, task),
  });
}
