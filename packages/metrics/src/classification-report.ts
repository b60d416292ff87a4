import { assertInteger, ConfigError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import {
  averageRatio,
  batchCounts,
  type ClassCountsState,
  COUNTS_REDUCTIONS,
  type Counts,
  initCounts,
  type RatioSpec,
  readCounts,
  resolveTask,
  type TaskOptions,
  type ZeroDivision,
} from './class-counts.js';
import { defineMetric } from './define-metric.js';
import { fBetaSpec } from './f-beta.js';
import { oneShot } from './one-shot.js';
import type { StreamingMetric } from './types.js';

/** Options of `classificationReport`. */
export interface ClassificationReportOptions extends TaskOptions {
  /** A display name per class (default: the class index). */
  readonly targetNames?: readonly string[];
  /** Decimals in the table. Default 2. */
  readonly digits?: number;
  /** The value of a 0/0. Default 0. */
  readonly zeroDivision?: ZeroDivision;
  /** The name logs use. Default 'classificationReport'. */
  readonly name?: string;
}

/** Precision, recall, F1 and support of one class or one average. */
export interface ReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** The per-class report, its averages, and the same as a printable table. */
export interface ClassificationReport {
  /** One row per class shown, with its name. */
  readonly classes: readonly (ReportRow & { readonly name: string })[];
  /** Single-label tasks: the accuracy. */
  readonly accuracy?: number;
  /** Multilabel tasks: the micro average. */
  readonly micro?: ReportRow;
  readonly macro: ReportRow;
  readonly weighted: ReportRow;
  /** The table, laid out as scikit-learn's `classification_report` prints it. */
  readonly table: string;
}

const PRECISION: RatioSpec = {
  what: 'precision',
  why: 'no predicted samples',
  ratio: ({ tp, fp }) => [tp, tp + fp],
};
const RECALL: RatioSpec = { what: 'recall', why: 'no true samples', ratio: ({ tp, fn }) => [tp, tp + fn] };

/**
 * Per-class precision, recall, F1 and support with their averages, as scikit-learn's
 * `classification_report` (and `precision_recall_fscore_support`), from the shared confusion-matrix
 * state. `table` prints it in scikit-learn's layout. Single-label tasks show the classes present in the
 * labels or predictions (scikit-learn's default `labels`), then accuracy, macro and weighted averages;
 * multilabel shows every label and the micro average in place of accuracy. Deviation: no 'samples avg'
 * row for multilabel. `classificationReportOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { classificationReport, classificationReportOf } from '@strata/metrics';
 *
 * // scikit-learn's classification_report example.
 * const yTrue = tf.tensor1d([0, 1, 2, 2, 2], 'int32');
 * const yPred = tf.tensor1d([0, 0, 2, 2, 1], 'int32');
 * const options = { task: 'multiclass', numClasses: 3, targetNames: ['class 0', 'class 1', 'class 2'] } as const;
 * const report = classificationReport(options);
 * const r = report.compute(report.update(report.init(), yTrue, yPred));
 * r.classes[2]; // => { name: 'class 2', precision: 1, recall: 0.6667, f1: 0.8, support: 3 }
 * r.accuracy; // => 0.6
 * r.weighted; // => { precision: 0.7, recall: 0.6, f1: 0.6133, support: 5 }
 * classificationReportOf(yTrue, yPred, options).macro.recall; // => 0.5556
 * // r.table prints as scikit-learn's report.
 * ```
 */
export function classificationReport(
  options: ClassificationReportOptions,
): StreamingMetric<ClassCountsState, ClassificationReport> {
  const name = options.name ?? 'classificationReport';
  const fn = 'classificationReport';
  const task = resolveTask(options, fn, name, ['targetNames', 'digits', 'zeroDivision', 'name']);
  const { digits = 2, zeroDivision = 0, targetNames } = options;
  assertInteger(digits, `${fn}({digits})`, 0);
  if (targetNames !== undefined && targetNames.length !== task.k) {
    throw new ConfigError(`${fn}({targetNames})`, `gives ${targetNames.length} names for ${task.k} classes`);
  }
  const row = (c: Counts, average: 'micro' | 'macro' | 'weighted' | 'none') => {
    const o = { average, zeroDivision } as const;
    return {
      precision: averageRatio(task, c, PRECISION, o),
      recall: averageRatio(task, c, RECALL, o),
      f1: averageRatio(task, c, fBetaSpec(1), o),
    };
  };
  return defineMetric<ClassCountsState, ClassificationReport>({
    name,
    higherIsBetter: true,
    reductions: COUNTS_REDUCTIONS,
    init: () => initCounts(task),
    batch: (yTrue, yPred) => batchCounts(task, yTrue, yPred),
    compute(state) {
      const c = readCounts(task, state);
      const per = row(c, 'none') as { precision: number[]; recall: number[]; f1: number[] };
      const support = c.tp.map((tp, i) => tp + c.fn[i]!);
      const total = support.reduce((s, v) => s + v, 0);
      const shown = c.tp
        .map((_, i) => i)
        .filter((i) => task.task === 'multilabel' || c.tp[i]! + c.fp[i]! + c.fn[i]! > 0);
      const classes = shown.map((i) => ({
        name: targetNames?.[i] ?? String(i),
        precision: per.precision[i]!,
        recall: per.recall[i]!,
        f1: per.f1[i]!,
        support: support[i]!,
      }));
      const avg = (a: 'micro' | 'macro' | 'weighted') => ({
        ...(row(c, a) as Omit<ReportRow, 'support'>),
        support: total,
      });
      const accuracy = c.n > 0 ? c.tp.reduce((s, v) => s + v, 0) / c.n : Number.NaN;
      const macro = avg('macro');
      const weighted = avg('weighted');
      const micro = task.task === 'multilabel' ? avg('micro') : undefined;
      return {
        classes,
        ...(micro === undefined ? { accuracy } : { micro }),
        macro,
        weighted,
        table: formatTable(classes, accuracy, micro, macro, weighted, digits),
      };
    },
  });
}

/** scikit-learn's layout: right-aligned columns of width 9, names padded to the longest. */
function formatTable(
  classes: readonly (ReportRow & { name: string })[],
  accuracy: number,
  micro: ReportRow | undefined,
  macro: ReportRow,
  weighted: ReportRow,
  digits: number,
): string {
  const width = Math.max('weighted avg'.length, ...classes.map((c) => c.name.length));
  const cell = (s: string) => ` ${s.padStart(9)}`;
  const line = (label: string, r: ReportRow) =>
    `${label.padStart(width)} ${[r.precision, r.recall, r.f1].map((v) => cell(v.toFixed(digits))).join('')}${cell(String(r.support))}\n`;
  let out = `${''.padStart(width)} ${['precision', 'recall', 'f1-score', 'support'].map(cell).join('')}\n\n`;
  for (const c of classes) out += line(c.name, c);
  out += '\n';
  if (micro === undefined) {
    out += `${'accuracy'.padStart(width)} ${cell('')}${cell('')}${cell(accuracy.toFixed(digits))}${cell(String(macro.support))}\n`;
  } else {
    out += line('micro avg', micro);
  }
  out += line('macro avg', macro);
  out += line('weighted avg', weighted);
  return out;
}

/** `classificationReport`'s functional twin: the report of whole tensors at once. */
export function classificationReportOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: ClassificationReportOptions,
): ClassificationReport {
  return oneShot(classificationReport(options), yTrue, yPred);
}
