import type { Metric } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { disposeDeep } from './dispose.js';
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
  readonly metrics: Serialized;
}

/**
 * What an epoch (or a validation pass) accumulates, kept on the device until it is read: each log
 * (a mean over a step's rows) summed weighted by rows, and each metric's streaming state. One place
 * for the bookkeeping that training, validation and every worker share.
 */
export class EpochSums {
  private readonly sums = new Map<string, tf.Scalar>();
  private readonly states: Record<string, unknown>;
  rows = 0;

  constructor(private readonly metrics: Metrics) {
    this.states = Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.init()]));
  }

  /** Adds one step's logs (means over `rows` rows) and its outputs to the metrics. Owns nothing given. */
  add(
    logs: Readonly<Record<string, tf.Scalar>>,
    rows: number,
    outputs?: { readonly yTrue: tf.Tensor; readonly yPred: tf.Tensor },
  ): void {
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

  /** The row-weighted sums so far (one read from the device). */
  async readSums(): Promise<Record<string, number>> {
    const keys = [...this.sums.keys()];
    if (keys.length === 0) return {};
    const stacked = tf.stack(keys.map((k) => this.sums.get(k)!));
    const values = await stacked.data();
    stacked.dispose();
    return Object.fromEntries(keys.map((k, i) => [k, values[i]!]));
  }

  /** Means per row of each log, and each metric's numeric result (others go to `results`). */
  async compute(): Promise<{ logs: Record<string, number>; results: Record<string, unknown> }> {
    const sums = await this.readSums();
    const logs: Record<string, number> = {};
    for (const [k, v] of Object.entries(sums)) logs[k] = this.rows > 0 ? v / this.rows : Number.NaN;
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
    return { sums: await this.readSums(), rows: this.rows, metrics: serializeTree(this.states) };
  }

  dispose(): void {
    for (const t of this.sums.values()) t.dispose();
    this.sums.clear();
    for (const [name, m] of Object.entries(this.metrics)) disposeMetricState(m, this.states[name]);
  }
}

/**
 * Merges the parts of several workers in rank order (each metric with its own `merge`) into the logs
 * one process would have computed over all their rows.
 */
export function mergeParts(metrics: Metrics, parts: readonly SumsPart[]): Record<string, number> {
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const logs: Record<string, number> = {};
  for (const key of new Set(parts.flatMap((p) => Object.keys(p.sums)))) {
    logs[key] = rows > 0 ? parts.reduce((n, p) => n + (p.sums[key] ?? 0), 0) / rows : Number.NaN;
  }
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
