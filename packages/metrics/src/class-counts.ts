import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  ConfigError,
  DataError,
  formatShape,
  ShapeError,
  sameShape,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { classIndices } from './internal.js';
import { readState } from './read-state.js';

/*
 * The sufficient statistic shared by the count-based classification metrics (precision, recall,
 * F-beta, specificity, balanced accuracy, Matthews correlation, Cohen's kappa, the report): one
 * confusion matrix with a `sum` reduction. Not exported from the package.
 */

/** What the inputs are: one score per sample, one class per sample, or K independent labels per sample. */
export type ClassificationTask = 'binary' | 'multiclass' | 'multilabel';

/** The options every count-based classification metric takes. */
export interface TaskOptions {
  /**
   * 'binary': labels 0/1 `[N]`, one score or probability per sample `[N]`/`[N, 1]` (class 1 when
   * `> threshold`). 'multiclass': labels are class indices `[N]` or one-hot `[N, K]`; predictions are
   * scores `[N, K]` (argmax) or predicted class indices `[N]`. 'multilabel': 0/1 targets `[N, K]` and
   * scores `[N, K]` (each label positive when `> threshold`).
   */
  readonly task: ClassificationTask;
  /** K: the number of classes (multiclass, ≥ 2) or labels (multilabel, ≥ 1). Not used for binary. */
  readonly numClasses?: number;
  /** Binary and multilabel: the score above which a prediction is positive. Default 0.5 (use 0 for logits). */
  readonly threshold?: number;
}

export interface ResolvedTask {
  readonly task: ClassificationTask;
  /** Classes (binary: 2) or labels (multilabel). */
  readonly k: number;
  readonly threshold: number;
  /** The error label, `fn(name)`. */
  readonly label: string;
}

export const TASK_KEYS = ['task', 'numClasses', 'threshold'] as const;

export function resolveTask(
  options: TaskOptions,
  fn: string,
  name: string,
  extraKeys: readonly string[],
): ResolvedTask {
  assertKnownKeys(options, [...TASK_KEYS, ...extraKeys], fn);
  const { task, threshold = 0.5 } = options;
  assertOneOf(task, ['binary', 'multiclass', 'multilabel'], `${fn}({task})`);
  assertNumber(threshold, `${fn}({threshold})`);
  let k = 2;
  if (task !== 'binary') {
    if (options.numClasses === undefined) {
      throw new ConfigError(
        `${fn}({numClasses})`,
        `task '${task}' needs numClasses (the number of ${task === 'multilabel' ? 'labels' : 'classes'})`,
      );
    }
    assertInteger(options.numClasses, `${fn}({numClasses})`, task === 'multiclass' ? 2 : 1);
    k = options.numClasses;
  }
  return { task, k, threshold, label: `${fn}(${name})` };
}

/**
 * Single-label tasks: `matrix` is the K×K confusion matrix (rows truth, columns prediction). Multilabel:
 * `matrix` is `[K, 2, 2]`, per label `[[tn, fp], [fn, tp]]` (scikit-learn's
 * `multilabel_confusion_matrix`). `total` counts samples (single-label) so that labels or predictions
 * outside [0, K), which place nowhere, are reported at compute. int32 on the device.
 */
export type ClassCountsState = { readonly matrix: tf.Tensor; readonly total: tf.Tensor };

export const COUNTS_REDUCTIONS = { matrix: 'sum', total: 'sum' } as const;

export function initCounts(t: ResolvedTask): ClassCountsState {
  return {
    matrix: tf.zeros(t.task === 'multilabel' ? [t.k, 2, 2] : [t.k, t.k], 'int32'),
    total: tf.scalar(0, 'int32'),
  };
}

/** Binary scores `[N]`/`[N, 1]` as a flat float32 vector, checked against the labels. */
export function binaryScores(yTrue: tf.Tensor, yPred: tf.Tensor, label: string): tf.Tensor {
  const flat = (x: tf.Tensor) => (x.rank === 1 || (x.rank === 2 && x.shape[1] === 1) ? x.size : -1);
  if (flat(yPred) < 0 || flat(yTrue) !== flat(yPred)) {
    throw new ShapeError(
      label,
      `binary labels ${formatShape(yTrue.shape)} and scores ${formatShape(yPred.shape)} must both be [N] or [N, 1] with the same N`,
    );
  }
  return tf.reshape(tf.cast(yPred, 'float32'), [-1]);
}

/** Multilabel targets and scores: both `[N, K]`. */
export function assertMultilabel(yTrue: tf.Tensor, yPred: tf.Tensor, k: number, label: string): void {
  if (yPred.rank !== 2 || yPred.shape[1] !== k || !sameShape(yTrue.shape, yPred.shape)) {
    throw new ShapeError(
      label,
      `multilabel targets ${formatShape(yTrue.shape)} and scores ${formatShape(yPred.shape)} must both be [N, ${k}]`,
    );
  }
}

/** Predicted class indices `[N]` (int32) for the single-label tasks. */
function predictedClasses(t: ResolvedTask, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  if (t.task === 'binary')
    return tf.cast(tf.greater(binaryScores(yTrue, yPred, t.label), t.threshold), 'int32');
  if (yPred.rank === 2 && yPred.shape[1] === t.k) return tf.argMax(yPred, -1);
  if (yPred.rank === 1 || (yPred.rank === 2 && yPred.shape[1] === 1))
    return tf.cast(tf.reshape(yPred, [-1]), 'int32');
  throw new ShapeError(
    t.label,
    `predictions of shape ${formatShape(yPred.shape)} fit neither scores [N, ${t.k}] nor class indices [N]`,
  );
}

/** The counts of one batch. Runs inside `tf.tidy` (defineMetric's `batch`). */
export function batchCounts(t: ResolvedTask, yTrue: tf.Tensor, yPred: tf.Tensor): ClassCountsState {
  if (t.task === 'multilabel') {
    assertMultilabel(yTrue, yPred, t.k, t.label);
    // Targets other than 0 and 1 count nowhere, so that `readCounts` can report them.
    const valid = tf.cast(tf.logicalOr(tf.equal(yTrue, 0), tf.equal(yTrue, 1)), 'float32');
    const truth = tf.cast(tf.equal(yTrue, 1), 'float32');
    const pred = tf.cast(tf.greater(yPred, t.threshold), 'float32');
    const notTruth = tf.sub(valid, truth);
    const notPred = tf.sub(1, pred);
    const count = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b), 0);
    const cells = tf.stack(
      [count(notTruth, notPred), count(notTruth, pred), count(truth, notPred), count(truth, pred)],
      1,
    );
    return {
      matrix: tf.cast(tf.reshape(cells, [t.k, 2, 2]), 'int32'),
      total: tf.scalar(yPred.shape[0]!, 'int32'),
    };
  }
  const predicted = predictedClasses(t, yTrue, yPred);
  const n = predicted.size;
  let truth: tf.Tensor;
  if (yTrue.size === n) truth = tf.cast(tf.reshape(yTrue, [-1]), 'int32');
  else if (t.task === 'multiclass' && yTrue.rank === 2 && yTrue.shape[1] === t.k && yTrue.shape[0] === n) {
    truth = classIndices(yTrue, tf.zeros([n, t.k]), t.label);
  } else {
    throw new ShapeError(
      t.label,
      `labels of shape ${formatShape(yTrue.shape)} do not fit ${n} predictions; pass ${n} class indices${t.task === 'multiclass' ? ` or one-hot rows of ${t.k}` : ''}`,
    );
  }
  // Out-of-range indices give all-zero one-hot rows: they drop out here and show in `readCounts`.
  // int32 then cast: tfjs-backend-wasm 4.22's OneHot writes integer bits into float32 outputs.
  const counts = tf.matMul(
    tf.cast(tf.oneHot(truth, t.k, 1, 0, 'int32'), 'float32'),
    tf.cast(tf.oneHot(predicted, t.k, 1, 0, 'int32'), 'float32'),
    true,
    false,
  );
  return { matrix: tf.cast(counts, 'int32'), total: tf.scalar(n, 'int32') };
}

/** Per-class counts as plain numbers, read from the device once. */
export interface Counts {
  readonly tp: number[];
  readonly fp: number[];
  readonly fn: number[];
  readonly tn: number[];
  /** Single-label tasks: the K×K confusion matrix (rows truth). */
  readonly matrix: number[][] | undefined;
  /** Samples seen. */
  readonly n: number;
}

export function readCounts(t: ResolvedTask, state: ClassCountsState): Counts {
  const { matrix, total } = readState(state);
  const k = t.k;
  if (t.task === 'multilabel') {
    const at = (c: number, cell: number) => matrix[c * 4 + cell]!;
    const cls = Array.from({ length: k }, (_, c) => c);
    const placed = cls.reduce((sum, c) => sum + at(c, 0) + at(c, 1) + at(c, 2) + at(c, 3), 0);
    if (placed !== total[0]! * k) {
      throw new DataError(
        t.label,
        `${total[0]! * k - placed} of ${total[0]! * k} multilabel targets were neither 0 nor 1`,
      );
    }
    return {
      tn: cls.map((c) => at(c, 0)),
      fp: cls.map((c) => at(c, 1)),
      fn: cls.map((c) => at(c, 2)),
      tp: cls.map((c) => at(c, 3)),
      matrix: undefined,
      n: total[0]!,
    };
  }
  const m = Array.from({ length: k }, (_, i) => Array.from(matrix.subarray(i * k, (i + 1) * k)));
  const n = m.flat().reduce((s, v) => s + v, 0);
  if (n !== total[0]) {
    throw new DataError(
      t.label,
      `${total[0]! - n} of ${total[0]} samples had a label or prediction outside [0, ${k}); check numClasses and the labels`,
    );
  }
  const tp = m.map((row, i) => row[i]!);
  const rows = m.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = m[0]!.map((_, j) => m.reduce((s, row) => s + row[j]!, 0));
  const fp = cols.map((c, i) => c - tp[i]!);
  const fn = rows.map((r, i) => r - tp[i]!);
  return { tp, fp, fn, tn: tp.map((x, i) => n - x - fp[i]! - fn[i]!), matrix: m, n };
}

/** How per-class values combine: scikit-learn's `average`. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'none';

/** What a 0/0 becomes, as scikit-learn's `zero_division`. */
export type ZeroDivision = 0 | 1 | 'nan';

export interface AveragedOptions {
  /**
   * 'binary' (the default for task 'binary'): the positive class (1) alone. 'micro': counts summed
   * over classes first. 'macro' (the default otherwise): the unweighted mean over classes. 'weighted':
   * the mean weighted by support (true samples per class). 'none': one value per class.
   */
  readonly average?: Average;
  /** The value of a 0/0 (scikit-learn's `zero_division`). Default 0. */
  readonly zeroDivision?: ZeroDivision;
  /**
   * Called with the reason each time a 0/0 is replaced by `zeroDivision` (scikit-learn's
   * `UndefinedMetricWarning`), e.g. "precision is ill-defined for class 2 (no predicted samples); 0 used".
   */
  readonly onIllDefined?: (reason: string) => void;
}

export const AVERAGED_KEYS = ['average', 'zeroDivision', 'onIllDefined'] as const;

/**
 * The result type for an `average`: one per class for 'none', one number otherwise, and either when
 * the options' `average` is not a literal known at compile time.
 */
export type ScoreOf<O> = O extends { readonly average: 'none' }
  ? number[]
  : 'average' extends keyof O
    ? O extends { readonly average?: infer A }
      ? 'none' extends A
        ? number | number[]
        : number
      : number
    : number;

/** A per-class ratio: numerator and denominator from the counts of one class (linear in the counts). */
export type Ratio = (c: { tp: number; fp: number; fn: number; tn: number }) => readonly [number, number];

export interface RatioSpec {
  /** What the ratio is, for messages ("precision"). */
  readonly what: string;
  /** Why its denominator can be 0, for messages ("no predicted samples"). */
  readonly why: string;
  readonly ratio: Ratio;
}

export function resolveAverage(
  t: ResolvedTask,
  options: AveragedOptions,
  fn: string,
): Required<Omit<AveragedOptions, 'onIllDefined'>> & AveragedOptions {
  const average = options.average ?? (t.task === 'binary' ? 'binary' : 'macro');
  assertOneOf(average, ['binary', 'micro', 'macro', 'weighted', 'none'], `${fn}({average})`);
  if (average === 'binary' && t.task !== 'binary') {
    throw new ConfigError(
      `${fn}({average})`,
      `average 'binary' needs task 'binary'; use 'macro', 'micro', 'weighted' or 'none' for ${t.task}`,
    );
  }
  const zeroDivision = options.zeroDivision ?? 0;
  if (zeroDivision !== 0 && zeroDivision !== 1 && zeroDivision !== 'nan') {
    throw new ConfigError(`${fn}({zeroDivision})`, `use 0, 1 or 'nan', got ${JSON.stringify(zeroDivision)}`);
  }
  return { ...options, average, zeroDivision };
}

/**
 * Applies a ratio per class and averages as scikit-learn's `precision_recall_fscore_support` does.
 * Single-label macro averages run over the classes present in the labels or predictions (scikit-learn's
 * default `labels`, `unique_labels(y_true, y_pred)`); multilabel macro averages run over every label.
 */
export function averageRatio(
  t: ResolvedTask,
  c: Counts,
  spec: RatioSpec,
  options: ReturnType<typeof resolveAverage>,
): number | number[] {
  const { average, zeroDivision, onIllDefined } = options;
  const zero = zeroDivision === 'nan' ? Number.NaN : zeroDivision;
  const divide = (num: number, den: number, where: string): number => {
    if (den !== 0) return num / den;
    onIllDefined?.(`${t.label}: ${spec.what} is ill-defined ${where} (${spec.why}); ${zero} used`);
    return zero;
  };
  const classes = c.tp.map((_, i) => i);
  const at = (i: number) => ({ tp: c.tp[i]!, fp: c.fp[i]!, fn: c.fn[i]!, tn: c.tn[i]! });
  const perClass = () => classes.map((i) => divide(...spec.ratio(at(i)), `for class ${i}`));
  switch (average) {
    case 'binary':
      return divide(...spec.ratio(at(1)), 'for the positive class');
    case 'none':
      return perClass();
    case 'micro': {
      let num = 0;
      let den = 0;
      for (const i of classes) {
        const [a, b] = spec.ratio(at(i));
        num += a;
        den += b;
      }
      return divide(num, den, 'for the micro average');
    }
    case 'macro': {
      const used =
        t.task === 'multilabel' ? classes : classes.filter((i) => c.tp[i]! + c.fp[i]! + c.fn[i]! > 0);
      if (used.length === 0) return divide(0, 0, 'with no samples');
      const values = used.map((i) => divide(...spec.ratio(at(i)), `for class ${i}`));
      return values.reduce((s, v) => s + v, 0) / values.length;
    }
    case 'weighted': {
      const values = perClass();
      const support = classes.map((i) => c.tp[i]! + c.fn[i]!);
      const totalSupport = support.reduce((s, v) => s + v, 0);
      if (totalSupport === 0) return divide(0, 0, 'for the weighted average (no true samples)');
      // Classes without true samples weigh 0 (their value may be the NaN of zeroDivision 'nan').
      return classes.reduce((s, i) => (support[i]! > 0 ? s + values[i]! * support[i]! : s), 0) / totalSupport;
    }
  }
}
