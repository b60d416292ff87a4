import type { BackendInfo } from '@strata/backends';
import type { BenchOptions } from './args.js';
import type { Machine } from './machine.js';
import type { SubjectRecord } from './runner.js';
import { median, type Ratio, summarize } from './stats.js';
import type { TorchInfo } from './torch-subjects.js';

export interface ReportInput {
  readonly command: string;
  readonly date: string;
  readonly minutes: number;
  readonly options: BenchOptions;
  readonly machine: Machine;
  readonly loadEnd: readonly number[];
  readonly cpu: BackendInfo;
  readonly wasm: BackendInfo | null;
  readonly wasmError: string | null;
  readonly torch: TorchInfo | null;
  readonly torchSkipped: string | null;
  readonly records: readonly SubjectRecord[];
  readonly ratios: readonly Ratio[];
  readonly stability: number;
  readonly mnistSeconds: number | undefined;
  readonly notes: readonly string[];
  /** The previous run's ratios, for the repeat check (absent on a first run). */
  readonly previous?: PreviousRun | undefined;
}

/** What the report keeps of the run before this one. */
export interface PreviousRun {
  readonly date: string;
  readonly commit: string;
  readonly ratios: readonly { readonly label: string; readonly value: number; readonly cpu: number }[];
}

const TASK_TITLE: Record<string, string> = {
  train: 'Training, batch 64 (samples/s)',
  infer: 'Inference, batch 256 (samples/s)',
  pipeline: 'Data pipeline (batches of 64 per second)',
  augment: 'Augmentation: the fashion-mnist preset, batch 128 (samples/s)',
};

function num(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  return x.toPrecision(3);
}

function ratioText(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x >= 10 ? `${Math.round(x).toLocaleString('en-US')}×` : `${x.toFixed(2)}×`;
}

function mib(bytes: number): string {
  return bytes > 0 ? `${Math.round(bytes / 2 ** 20)} MiB` : '—';
}

function loss(record: SubjectRecord): string {
  const f = (x: number | undefined) =>
    x === undefined ? '—' : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(3);
  if (record.lossFirst === undefined) return '—';
  const suspicious = [record.lossFirst, record.lossLast].some(
    (x) => x !== undefined && (!Number.isFinite(x) || x < 1e-6 || x > 50),
  );
  return `${f(record.lossFirst)} → ${f(record.lossLast)}${suspicious ? ' ⚠️ implausible' : ''}`;
}

function leak(record: SubjectRecord): string {
  if (!record.tensorCounts) return '—';
  if (record.leakSteps === 0) return record.chunks.length > 0 ? '— (first steps only)' : '—';
  return `${record.leaked} over ${record.leakSteps.toLocaleString('en-US')} steps`;
}

function status(record: SubjectRecord): string {
  if (record.status === 'ok') return record.note ?? '';
  return `**${record.status}**: ${(record.reason ?? '').replaceAll('|', '\\|')}`;
}

function subjectTable(records: readonly SubjectRecord[], task: string): string[] {
  const rows = records.filter((r) => r.task === task);
  if (rows.length === 0) return [];
  const unit = task === 'pipeline' ? 'batches/s' : 'samples/s';
  const lines = [`## ${TASK_TITLE[task]}`, ''];
  const train = task === 'train';
  lines.push(
    `| model | library | backend | ${unit} (median) | min–max | chunks | per CPU-second | CPU / wall |${train ? ' loss (pass 1) |' : ''} leaked tensors | peak RSS | status / note |`,
    `|---|---|---|--:|--:|--:|--:|--:|${train ? '---|' : ''}---|--:|---|`,
  );
  for (const r of rows) {
    const s = summarize(r.chunks);
    const c = summarize(r.chunks, 'cpuRate');
    const share = median(r.chunks.map((x) => x.cpuShare).filter(Number.isFinite));
    const range = s.n ? `${num(s.min)}–${num(s.max)}` : '—';
    lines.push(
      `| ${r.model} | ${r.library} | ${r.backend} | ${s.n ? `**${num(s.median)}**` : '—'} | ${range} | ${s.n} | ${c.n ? num(c.median) : '—'} | ${Number.isFinite(share) ? share.toFixed(2) : '—'} |${train ? ` ${loss(r)} |` : ''} ${leak(r)} | ${mib(r.rssPeak)} | ${status(r)} |`,
    );
  }
  lines.push('');
  return lines;
}

function ratioTable(ratios: readonly Ratio[]): string[] {
  const lines = [
    '## Ratios',
    '',
    'Each ratio is median / median of the two subjects in the same run (wall-clock samples/s); the spread is the lowest and highest ratio of chunks timed in the same pass and round. "By CPU time" divides samples per CPU-second of each process instead: it moves less when other work shares the cores, but it charges PyTorch for all of its threads (spin-waits included).',
    '',
    '| comparison | ratio | spread (pairs) | target | met | by CPU time | subjects |',
    '|---|--:|--:|--:|:-:|--:|---|',
  ];
  for (const r of ratios) {
    const met =
      r.target === undefined || !Number.isFinite(r.value) ? '' : r.value >= r.target ? 'yes' : '**no**';
    const spread = r.spread ? `${ratioText(r.spread[0])}–${ratioText(r.spread[1])} (${r.pairs})` : '—';
    const target = r.target === undefined ? '' : `≥ ${r.target}×${r.source ? ` (${r.source})` : ''}`;
    const subjects =
      r.missing !== undefined
        ? `not available: ${r.missing.replaceAll('|', '\\|')}`
        : `${r.numerator} / ${r.denominator}`;
    lines.push(
      `| ${r.label} | **${ratioText(r.value)}** | ${spread} | ${target} | ${met} | ${ratioText(r.cpu.value)} | ${subjects} |`,
    );
  }
  lines.push('');
  return lines;
}

function stabilityTable(ratios: readonly Ratio[], passes: number, limit: number): string[] {
  const lines = [`## Repeatability (${passes} passes in this run)`, ''];
  if (passes < 2) {
    lines.push('One pass only (`--quick` or `--repeat 1`): run `pnpm bench` (2 passes) for this check.', '');
    return lines;
  }
  const pct = Math.round(limit * 100);
  const head = Array.from({ length: passes }, (_, i) => `pass ${i + 1}`).join(' | ');
  const cols = Array.from({ length: passes }, () => '--:|').join('');
  lines.push(
    `Each pass sets up, warms up and times every subject again. A ratio is stable when its per-pass values differ by at most ${pct}% (max / min − 1). The same check on samples per CPU-second tells contention on the machine apart from the code.`,
    '',
    `| comparison | ${head} | difference | within ${pct}% | by CPU time: ${head} | difference | within ${pct}% |`,
    `|---|${cols}--:|:-:|${cols}--:|:-:|`,
  );
  const spreadOf = (values: readonly number[]) =>
    values.length >= 2 ? Math.max(...values) / Math.min(...values) - 1 : Number.NaN;
  const cells = (values: readonly number[]) =>
    Array.from({ length: passes }, (_, i) => ratioText(values[i] ?? Number.NaN)).join(' | ');
  const verdict = (d: number) => (Number.isFinite(d) ? (d <= limit ? 'yes' : '**no**') : '—');
  const percent = (d: number) => (Number.isFinite(d) ? `${(d * 100).toFixed(1)}%` : '—');
  const count = { wall: 0, cpu: 0, checked: 0 };
  for (const r of ratios) {
    if (r.perPass.length < 2) continue;
    const diff = spreadOf(r.perPass);
    const cpuDiff = spreadOf(r.cpu.perPass);
    count.checked++;
    if (diff <= limit) count.wall++;
    if (cpuDiff <= limit) count.cpu++;
    lines.push(
      `| ${r.label} | ${cells(r.perPass)} | ${percent(diff)} | ${verdict(diff)} | ${cells(r.cpu.perPass)} | ${percent(cpuDiff)} | ${verdict(cpuDiff)} |`,
    );
  }
  lines.push(
    '',
    `${count.wall} of ${count.checked} ratios within ${pct}% by wall-clock time; ${count.cpu} of ${count.checked} by CPU time.`,
    '',
  );
  return lines;
}

/** Each ratio of this run next to the same ratio of the previous run (the re-run check of issue 5). */
function repeatTable(ratios: readonly Ratio[], previous: PreviousRun | undefined, limit: number): string[] {
  const lines = ['## Against the previous run', ''];
  if (!previous) {
    lines.push('No earlier run in `bench/out/` to compare with: run `pnpm bench` again for this check.', '');
    return lines;
  }
  const pct = Math.round(limit * 100);
  lines.push(
    `The same ratios from the run this one replaced (${previous.date}, commit ${previous.commit}), each measured in its own process: a ratio repeats when the two runs differ by at most ${pct}% (max / min − 1). A ratio whose code changed between the two commits is expected to move.`,
    '',
    `| comparison | previous run | this run | difference | within ${pct}% | by CPU time: previous | this | difference | within ${pct}% |`,
    '|---|--:|--:|--:|:-:|--:|--:|--:|:-:|',
  );
  const diff = (a: number, b: number) => Math.max(a, b) / Math.min(a, b) - 1;
  const verdict = (d: number) => (Number.isFinite(d) ? (d <= limit ? 'yes' : '**no**') : '—');
  const percent = (d: number) => (Number.isFinite(d) ? `${(d * 100).toFixed(1)}%` : '—');
  const count = { wall: 0, cpu: 0, checked: 0 };
  for (const r of ratios) {
    const before = previous.ratios.find((p) => p.label === r.label);
    if (!before || !Number.isFinite(before.value) || !Number.isFinite(r.value)) continue;
    const d = diff(before.value, r.value);
    const dc = diff(before.cpu, r.cpu.value);
    count.checked++;
    if (d <= limit) count.wall++;
    if (dc <= limit) count.cpu++;
    lines.push(
      `| ${r.label} | ${ratioText(before.value)} | ${ratioText(r.value)} | ${percent(d)} | ${verdict(d)} | ${ratioText(before.cpu)} | ${ratioText(r.cpu.value)} | ${percent(dc)} | ${verdict(dc)} |`,
    );
  }
  lines.push(
    '',
    `${count.wall} of ${count.checked} ratios within ${pct}% of the previous run by wall-clock time; ${count.cpu} of ${count.checked} by CPU time.`,
    '',
  );
  return lines;
}

/** The link to bench/SCALING.md (`src/scaling.ts`, measured separately: it needs the machine to itself). */
function scalingSection(workers: readonly number[]): string[] {
  const here = workers.length
    ? ` The ${workers.join(' and ')}-worker configuration${workers.length > 1 ? 's are' : ' is'} also timed above, in this run, among the other subjects.`
    : '';
  return [
    '## Scaling over workers',
    '',
    `How data-parallel training (\`fit({ workers })\`) scales with 1, 2 and 4 workers against a single process, and how much of each step the workers spend waiting or exchanging gradients, is measured by \`bench/src/scaling.ts\` into [SCALING.md](SCALING.md), in rounds kept only when the machine had them to itself.${here}`,
    '',
  ];
}

function backendText(info: BackendInfo | null, error: string | null): string {
  if (!info) return `unavailable: ${error ?? 'unknown'}`;
  return `${info.tfjsName} ${info.versions.backend ?? ''}, SIMD ${info.simd ? 'yes' : 'no'}, ${info.threads ?? '?'} thread${info.threads === 1 ? '' : 's'}`;
}

/** The Markdown report. */
export function renderReport(input: ReportInput): string {
  const { machine: m, options: o } = input;
  const load = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(', ');
  const lines = [
    '# Benchmark results',
    '',
    `Measured by \`${input.command}\` on ${input.date} in ${input.minutes.toFixed(1)} minutes (one process: every number below comes from the same run). Rerun it to regenerate this file; the raw measurements go to \`bench/${o.json}\`.`,
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB |`,
    `| Load average (1, 5, 15 min) | start ${load(m.loadStart)}; end ${load(input.loadEnd)} |`,
    `| Node | ${m.node} |`,
    ...Object.entries(m.versions).map(([name, v]) => `| ${name} | ${v} |`),
    `| cpu backend | ${backendText(input.cpu, null)} |`,
    `| wasm backend | ${backendText(input.wasm, input.wasmError)} |`,
    `| PyTorch | ${input.torch ? `${input.torch.torch} (Python ${input.torch.python}, numpy ${input.torch.numpy}, BLAS ${input.torch.blas})` : `skipped: ${input.torchSkipped}`} |`,
    `| Strata | commit ${m.commit} |`,
    `| Method | ${o.repeat} pass${o.repeat === 1 ? '' : 'es'}; per pass and subject ≥ ${o.warmupSeconds} s warm-up, then ${o.rounds} timed chunks of ≥ ${o.chunkSeconds} s alternating with the other subjects of the same model (stock tfjs-layers' CNN training on cpu: ${o.cpuCnnRounds} one-step chunk${o.cpuCnnRounds === 1 ? '' : 's'} per pass; Strata with workers: each chunk one \`fit\` run from scratch whose first epoch, starting the workers, is untimed) |`,
    ...(input.mnistSeconds === undefined
      ? []
      : [
          `| \`mnist()\` load | ${input.mnistSeconds.toFixed(2)} s (parse the IDX files, stratified validation split) |`,
        ]),
    '',
    ...ratioTable(input.ratios),
    ...scalingSection(o.workers ?? []),
    ...subjectTable(input.records, 'train'),
    ...subjectTable(input.records, 'infer'),
    ...subjectTable(input.records, 'pipeline'),
    ...subjectTable(input.records, 'augment'),
    ...stabilityTable(input.ratios, o.repeat, input.stability),
    ...repeatTable(input.ratios, input.previous, input.stability),
    '## Notes',
    '',
    ...input.notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}
