import type { Chunk, SubjectRecord } from './runner.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** Which rate of a chunk: per wall-clock second, or per CPU-second of the process. */
export type RateKey = 'rate' | 'cpuRate';

export function summarize(chunks: readonly Chunk[], key: RateKey = 'rate'): Summary {
  const rates = chunks.map((c) => c[key]).filter((r) => Number.isFinite(r));
  return {
    median: median(rates),
    min: rates.length ? Math.min(...rates) : Number.NaN,
    max: rates.length ? Math.max(...rates) : Number.NaN,
    n: rates.length,
  };
}

/** A ratio of two subjects' rates: medians, the spread over chunk pairs, and one value per pass. */
export interface Ratio {
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly target: number | undefined;
  readonly source: string;
  readonly value: number;
  /** min and max of numerator/denominator over chunks of the same pass and round. */
  readonly spread: readonly [number, number] | undefined;
  readonly pairs: number;
  readonly perPass: readonly number[];
  /** The same from samples per CPU-second (steadier when other work shares the cores). */
  readonly cpu: { readonly value: number; readonly perPass: readonly number[] };
  /** Why there is no value (a subject failed, was skipped or impossible). */
  readonly missing: string | undefined;
}

export interface RatioSpec {
  readonly label: string;
  readonly numerator: SubjectRecord | undefined;
  readonly denominator: SubjectRecord | undefined;
  readonly target?: number;
  /** Where the target comes from, e.g. 'issue 5'. */
  readonly source?: string;
}

function unusable(record: SubjectRecord | undefined): string | undefined {
  if (!record) return 'not measured';
  if (record.status !== 'ok')
    return `${record.id}: ${record.status}${record.reason ? ` (${record.reason})` : ''}`;
  if (record.chunks.length === 0) return `${record.id}: no timed chunks`;
  return undefined;
}

export function computeRatio(spec: RatioSpec, passes: number): Ratio {
  const base = {
    label: spec.label,
    numerator: spec.numerator?.id ?? '—',
    denominator: spec.denominator?.id ?? '—',
    target: spec.target,
    source: spec.source ?? '',
  };
  const missing = unusable(spec.numerator) ?? unusable(spec.denominator);
  if (missing !== undefined || !spec.numerator || !spec.denominator) {
    return {
      ...base,
      value: Number.NaN,
      spread: undefined,
      pairs: 0,
      perPass: [],
      cpu: { value: Number.NaN, perPass: [] },
      missing: missing ?? '',
    };
  }
  const num = spec.numerator.chunks;
  const den = spec.denominator.chunks;
  const pairRatios: number[] = [];
  for (const a of num) {
    const b = den.find((c) => c.pass === a.pass && c.round === a.round);
    if (b) pairRatios.push(a.rate / b.rate);
  }
  const byPass = (key: RateKey) => {
    const values: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      const a = summarize(
        num.filter((c) => c.pass === pass),
        key,
      );
      const b = summarize(
        den.filter((c) => c.pass === pass),
        key,
      );
      if (a.n && b.n) values.push(a.median / b.median);
    }
    return values;
  };
  const whole = (key: RateKey) => summarize(num, key).median / summarize(den, key).median;
  return {
    ...base,
    value: whole('rate'),
    spread: pairRatios.length ? [Math.min(...pairRatios), Math.max(...pairRatios)] : undefined,
    pairs: pairRatios.length,
    perPass: byPass('rate'),
    cpu: { value: whole('cpuRate'), perPass: byPass('cpuRate') },
    missing: undefined,
  };
}

/** The record with the highest median among `candidates` that ran. */
export function best(candidates: readonly (SubjectRecord | undefined)[]): SubjectRecord | undefined {
  let top: SubjectRecord | undefined;
  let topRate = -1;
  for (const r of candidates) {
    if (r?.status !== 'ok' || r.chunks.length === 0) continue;
    const m = summarize(r.chunks).median;
    if (m > topRate) {
      top = r;
      topRate = m;
    }
  }
  return top ?? candidates.find((r) => r !== undefined);
}
