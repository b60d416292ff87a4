import type { BenchOptions } from './args.js';
import { type ChunkResult, ImpossibleError, type Subject } from './subject.js';

/** One timed chunk as recorded. */
export interface Chunk {
  readonly pass: number;
  readonly round: number;
  /** samples (or batches) per second. */
  readonly rate: number;
  /** samples (or batches) per CPU-second of the process (NaN when unknown). */
  readonly cpuRate: number;
  /** CPU-seconds per second: 1 is one core busy all the time; less means the process waited. */
  readonly cpuShare: number;
  readonly steps: number;
  readonly seconds: number;
}

export type Status = 'ok' | 'impossible' | 'failed' | 'skipped';

/** Everything measured about one subject over all passes. */
export interface SubjectRecord {
  readonly id: string;
  readonly library: string;
  readonly backend: string;
  readonly model: string;
  readonly task: string;
  readonly batch: number;
  readonly unit: 'samples' | 'batches';
  readonly note: string | undefined;
  status: Status;
  reason: string | undefined;
  chunks: Chunk[];
  /** Loss after the first pass's warm-up (or first chunk when there is none) and after its last chunk. */
  lossFirst: number | undefined;
  lossLast: number | undefined;
  /**
   * Tensors left behind by the timed chunks (sum over chunks of numTensors after − before), counting
   * only chunks that follow an earlier step of the same pass: a first step allocates for good (an
   * optimizer's slots), which is not a leak.
   */
  leaked: number;
  /** Steps of the timed chunks whose tensor counts were recorded. */
  leakSteps: number;
  /** Whether the subject reports tensor counts at all (PyTorch's do not). */
  tensorCounts: boolean;
  rssPeak: number;
}

export interface Group {
  readonly name: string;
  readonly subjects: readonly Subject[];
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

function rate(r: ChunkResult): number {
  return r.samples / r.seconds;
}

export type Log = (line: string) => void;

function fmtRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r.toPrecision(3);
}

/**
 * Runs one pass of a group: set up every subject, warm each up, then `rounds` rounds in which every
 * subject runs one timed chunk, the order rotated each round so no subject always follows the same
 * one; slow subjects (one ~25 s step per chunk) take part in the first `cpuCnnRounds` rounds only.
 */
export async function runGroupPass(
  group: Group,
  pass: number,
  options: BenchOptions,
  records: Map<string, SubjectRecord>,
  log: Log,
): Promise<void> {
  const active: Subject[] = [];
  for (const subject of group.subjects) {
    let record = records.get(subject.id);
    if (!record) {
      record = {
        id: subject.id,
        library: subject.library,
        backend: subject.backend,
        model: subject.model,
        task: subject.task,
        batch: subject.batch,
        unit: subject.unit ?? 'samples',
        note: subject.note,
        status: 'ok',
        reason: undefined,
        chunks: [],
        lossFirst: undefined,
        lossLast: undefined,
        leaked: 0,
        leakSteps: 0,
        tensorCounts: false,
        rssPeak: 0,
      };
      records.set(subject.id, record);
    }
    if (record.status !== 'ok') continue;
    if (subject.slow && options.cpuCnnRounds === 0) {
      record.status = 'skipped';
      record.reason = options.quick
        ? 'not in --quick (one step takes ~25 s); run the full benchmark'
        : '--cpu-cnn-rounds 0';
      continue;
    }
    try {
      await subject.setup();
      active.push(subject);
    } catch (error) {
      record.status = error instanceof ImpossibleError ? 'impossible' : 'failed';
      record.reason = message(error);
      log(`  ${subject.id}: ${record.status}: ${record.reason}`);
    }
  }

  const stepped = new Set<string>();
  const note = (record: SubjectRecord, r: ChunkResult) => {
    if (r.rss !== undefined) record.rssPeak = Math.max(record.rssPeak, r.rss);
    if (r.loss !== undefined && pass === 0) {
      record.lossFirst ??= r.loss;
      record.lossLast = r.loss;
    }
  };
  const fail = (subject: Subject, error: unknown) => {
    const record = records.get(subject.id)!;
    record.status = 'failed';
    record.reason = message(error);
    log(`  ${subject.id}: failed: ${record.reason}`);
    active.splice(active.indexOf(subject), 1);
  };

  for (const subject of [...active]) {
    if (subject.slow) continue;
    try {
      note(records.get(subject.id)!, await subject.warmup(options.warmupSeconds));
      stepped.add(subject.id);
    } catch (error) {
      fail(subject, error);
    }
  }

  for (let round = 0; round < options.rounds; round++) {
    const order = active.map((_, i) => active[(i + round) % active.length]!);
    for (const subject of order) {
      if (!active.includes(subject)) continue;
      if (subject.slow && round >= options.cpuCnnRounds) continue;
      const record = records.get(subject.id)!;
      try {
        const r = await subject.chunk(options.chunkSeconds);
        note(record, r);
        if (r.tensors !== undefined) record.tensorCounts = true;
        if (r.tensors !== undefined && stepped.has(subject.id)) {
          record.leaked += r.tensors[1] - r.tensors[0];
          record.leakSteps += r.steps;
        }
        stepped.add(subject.id);
        const cpu = r.cpuSeconds ?? Number.NaN;
        record.chunks.push({
          pass,
          round,
          rate: rate(r),
          cpuRate: r.samples / cpu,
          cpuShare: cpu / r.seconds,
          steps: r.steps,
          seconds: r.seconds,
        });
        log(
          `  [${group.name} pass ${pass + 1} round ${round + 1}] ${subject.id}: ${fmtRate(rate(r))} ${record.unit}/s (${r.steps} steps, ${r.seconds.toFixed(1)} s, CPU ${((r.cpuSeconds ?? Number.NaN) / r.seconds).toFixed(2)} s/s)`,
        );
      } catch (error) {
        fail(subject, error);
      }
    }
  }

  for (const subject of group.subjects) {
    if (!active.includes(subject)) continue;
    try {
      await subject.teardown();
    } catch (error) {
      log(`  ${subject.id}: teardown failed: ${message(error)}`);
    }
  }
}
