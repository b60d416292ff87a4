import { DataError, flattenTree, type Metric, readTogether, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { disposeDeep, tensorsIn } from './dispose.js';
import { deserializeTree, type Serialized, serializeTree } from './serialize.js';

// biome-ignore lint/suspicious/noExplicitAny: metric states differ per metric
export type AnyMetric = Metric<any, unknown>;
export type Metrics = Readonly<Record<string, AnyMetric>>;

export function disposeMetricState(metric: AnyMetric, state: unknown): void {
  if (metric.dispose) metric.dispose(state);
  else disposeDeep(state);
}

/** One pass's totals read from the device: row-weighted log sums, rows, and metric states. */
export interface SumsPart {
  readonly sums: Readonly<Record<string, number>>;
  readonly rows: number;
  /** Steps left out as non-finite (`nonFinite: 'skip'`). */
  readonly skipped: number;
  readonly metrics: Serialized;
}

/**
 * Training's watch for NaN and Infinity: the step whose logs first held one is kept on the device
 * (no read per step) and read with the sums, so a diverged run stops at the next read, naming the step
 * and the first non-finite parameter, before anything non-finite is saved.
 */
export interface FiniteGuard {
  /** Optimizer steps taken before this epoch (to name the batch within it). */
  readonly firstStep: number;
  /** The params now, to name the first non-finite one. */
  readonly params: () => TensorTree;
  /**
   * 'stop' (default): a non-finite log ends the run at the next read. 'skip': a step whose logs are
   * not finite is left out of the logs and metrics and counted (`skipped` in the epoch's logs), for
   * an optimizer that skips such steps itself (optim's `applyIfFinite`); it costs one boolean read
   * per step, the read `applyIfFinite` makes anyway. The run still stops if the params themselves go
   * non-finite (the optimizer did not skip).
   */
  readonly nonFinite?: 'stop' | 'skip';
}

/**
 * What an epoch (or a validation pass) accumulates, kept on the device until it is read: each log
 * (a mean over a step's rows) summed weighted by rows, and each metric's streaming state. One place
 * for the bookkeeping that training, validation and every worker share.
 */
export class EpochSums {
  private readonly sums = new Map<string, tf.Scalar>();
  private readonly states: Record<string, unknown>;
  /** With a guard: the first step whose logs were not finite, −1 while all were. */
  private firstNonFinite: tf.Scalar | undefined;
  rows = 0;
  /** Steps left out as non-finite in 'skip' mode. */
  skipped = 0;

  constructor(
    private readonly metrics: Metrics,
    private readonly guard?: FiniteGuard,
  ) {
    this.states = Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.init()]));
    if (guard && guard.nonFinite !== 'skip') this.firstNonFinite = tf.scalar(-1, 'float32');
  }

  /**
   * Adds one step's logs (means over `rows` rows) and its outputs to the metrics; `step` is the
   * step's number, for the guard. Owns nothing given.
   */
  add(
    logs: Readonly<Record<string, tf.Scalar>>,
    rows: number,
    outputs?: { readonly yTrue: tf.Tensor; readonly yPred: tf.Tensor },
    step = -1,
  ): void {
    const first = this.firstNonFinite;
    const values = Object.values(logs);
    if (this.guard?.nonFinite === 'skip' && values.length > 0) {
      const finite = tf.tidy(() => tf.all(tf.isFinite(tf.stack(values))));
      const ok = finite.dataSync()[0] === 1;
      finite.dispose();
      if (!ok) {
        this.skipped++;
        return;
      }
    }
    if (first && values.length > 0) {
      this.firstNonFinite = tf.tidy(() => {
        const finite = tf.all(tf.isFinite(tf.stack(values)));
        return tf.where(tf.logicalOr(finite, tf.greaterEqual(first, 0)), first, tf.scalar(step)) as tf.Scalar;
      });
      first.dispose();
    }
    for (const [key, value] of Object.entries(logs)) {
      const old = this.sums.get(key);
      this.sums.set(
        key,
        tf.tidy(() => {
          const weighted = tf.mul(value, rows) as tf.Scalar;
          return old ? (tf.add(old, weighted) as tf.Scalar) : weighted;
        }),
      );
      old?.dispose();
    }
    if (outputs) {
      for (const [name, m] of Object.entries(this.metrics)) {
        const old = this.states[name];
        this.states[name] = m.update(old, outputs.yTrue, outputs.yPred);
        disposeMetricState(m, old);
      }
    }
    this.rows += rows;
  }

  /**
   * The row-weighted sums so far (one read from the device, the guard's step with them). Throws a
   * DataError when the guard saw a non-finite log. With `withMetrics`, every metric state's tensors
   * ride in the same read (core's `readTogether` records their values), so the metrics' `compute`
   * reads nothing more: one device read for an epoch's logs and all its metrics.
   */
  async readSums(withMetrics = false): Promise<Record<string, number>> {
    const keys = [...this.sums.keys()];
    const guard = this.firstNonFinite ? [this.firstNonFinite] : [];
    const metricTensors = withMetrics ? [...tensorsIn(this.states)] : [];
    if (keys.length + metricTensors.length === 0) return {};
    const summed = keys.length > 0 ? tf.stack([...keys.map((k) => this.sums.get(k)!), ...guard]) : undefined;
    let read: Awaited<ReturnType<typeof readTogether>>;
    try {
      read = await readTogether(summed ? [summed, ...metricTensors] : metricTensors);
    } finally {
      summed?.dispose();
    }
    if (this.guard?.nonFinite === 'skip') await this.assertParamsFinite();
    if (!summed) return {};
    const values = read[0]!;
    const sums = Object.fromEntries(keys.map((k, i) => [k, values[i]!]));
    const bad = guard.length ? values[keys.length]! : -1;
    if (bad >= 0) throw await this.nonFinite(bad, sums);
    return sums;
  }

  /** The first non-finite parameter's key, or undefined when all are finite. */
  private async firstNonFiniteParam(): Promise<string | undefined> {
    for (const [key, t] of Object.entries(flattenTree(this.guard!.params()))) {
      const finite = tf.tidy(() => tf.all(tf.isFinite(t)));
      const ok = (await finite.data())[0] === 1;
      finite.dispose();
      if (!ok) return key;
    }
    return undefined;
  }

  /** 'skip' mode: the optimizer must have skipped the bad steps; params that went non-finite stop the run. */
  private async assertParamsFinite(): Promise<void> {
    const key = await this.firstNonFiniteParam();
    if (key === undefined) return;
    throw new DataError(
      'fit',
      `training diverged although non-finite steps are skipped: parameter '${key}' is not finite (${this.skipped} step(s) skipped this epoch). With nonFinite: 'skip' the optimizer must skip those steps itself: wrap it in optim's applyIfFinite`,
    );
  }

  private async nonFinite(step: number, sums: Readonly<Record<string, number>>): Promise<DataError> {
    const { firstStep } = this.guard!;
    const logs = Object.entries(sums)
      .filter(([, v]) => !Number.isFinite(v))
      .map(([k]) => k);
    const key = await this.firstNonFiniteParam();
    const param = key === undefined ? 'none yet (the step that gave it has not updated them)' : `'${key}'`;
    return new DataError(
      'fit',
      `training diverged: step ${step} (batch ${step - firstStep} of this epoch) gave a non-finite ${logs.join(', ') || 'log'}; the first non-finite parameter is ${param}. Nothing after the last finite checkpoint is saved; lower the learning rate, check the data for NaN or Infinity, or clip gradients (optim's clipByGlobalNorm, applyIfFinite)`,
    );
  }

  /** Means per row of each log, and each metric's numeric result (others go to `results`). */
  async compute(): Promise<{ logs: Record<string, number>; results: Record<string, unknown> }> {
    const sums = await this.readSums(true);
    const logs: Record<string, number> = {};
    for (const [k, v] of Object.entries(sums)) logs[k] = this.rows > 0 ? v / this.rows : Number.NaN;
    if (this.guard?.nonFinite === 'skip') logs.skipped = this.skipped;
    const results: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(this.metrics)) {
      const r = m.compute(this.states[name]);
      if (typeof r === 'number') logs[name] = r;
      else results[name] = r;
    }
    return { logs, results };
  }

  /** Everything as plain data to send to another thread (see `mergeParts`). */
  async part(): Promise<SumsPart> {
    return {
      sums: await this.readSums(true),
      rows: this.rows,
      skipped: this.skipped,
      metrics: serializeTree(this.states),
    };
  }

  dispose(): void {
    this.firstNonFinite?.dispose();
    for (const t of this.sums.values()) t.dispose();
    this.sums.clear();
    for (const [name, m] of Object.entries(this.metrics)) disposeMetricState(m, this.states[name]);
  }
}

/**
 * Merges the parts of several workers in rank order (each metric with its own `merge`) into the logs
 * one process would have computed over all their rows.
 */
export function mergeParts(
  metrics: Metrics,
  parts: readonly SumsPart[],
  nonFinite: 'stop' | 'skip' = 'stop',
): Record<string, number> {
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const logs: Record<string, number> = {};
  for (const key of new Set(parts.flatMap((p) => Object.keys(p.sums)))) {
    logs[key] = rows > 0 ? parts.reduce((n, p) => n + (p.sums[key] ?? 0), 0) / rows : Number.NaN;
  }
  if (nonFinite === 'skip') logs.skipped = parts.reduce((n, p) => n + p.skipped, 0);
  const trees = parts.map((p) => deserializeTree(p.metrics) as Record<string, unknown>);
  for (const [name, m] of Object.entries(metrics)) {
    let acc = trees[0]![name];
    for (const tree of trees.slice(1)) {
      const merged = m.merge(acc, tree[name]);
      disposeMetricState(m, acc);
      disposeMetricState(m, tree[name]);
      acc = merged;
    }
    const r = m.compute(acc);
    if (typeof r === 'number') logs[name] = r;
    disposeMetricState(m, acc);
  }
  return logs;
}
