/*
 * Scaling of data-parallel training over worker threads (`fit({ workers })`, issue 6): training
 * samples/s with 1, 2 and 4 workers and in a single process, on the same global batches of 64 MNIST
 * images, in one run, as ratios to 1 worker. The seed CNN is the target; the MLP shows a model with
 * little compute per parameter exchanged. Each configuration trains a few short epochs from scratch;
 * epoch 1 (module loading, wasm and JIT warm-up) is left out of the throughput. Configurations
 * alternate within each round. The machine is shared, and a ratio of core counts means nothing while
 * other processes take cores: each run records how much CPU the rest of the machine used meanwhile
 * (/proc/stat minus this process), rounds are repeated until `--quiet` rounds had the machine to
 * themselves (others < 0.15 cores throughout) or `--max-rounds` ran, and the ratios are reported
 * over the quiet rounds, next to all rounds.
 *
 * PyTorch (issue 5's outside reference, `torch_reference.py` as a child process that sleeps on stdin
 * between its runs) trains the CNN with 1 and 2 threads as two more configurations of each round, at
 * the same global batch of 64, timed by the same rule: a fresh model per run, `--epochs` chunks of
 * `--batches` steps, the first left out. It cycles the benchmark's 16 batches (the first 1,024 MNIST
 * training images in order), not the 40 shuffled batches Strata's runs take: same shapes and kind of
 * data, so the same work per step. Skipped, with a note in the report, where torch cannot be imported.
 *
 *   cd bench && npx tsx --conditions=strata-source src/scaling.ts [--quiet 3] [--max-rounds 10]
 *     [--epochs 3] [--batches 40] [--models cnn,mlp] [--workers 1,2,4] [--out SCALING.md]
 *     [--python /usr/bin/python3 | --no-torch] [--torch-threads 1,2]
 *
 * Writes the tables to bench/SCALING.md (or --out) and prints them. --batches is the CNN's epoch
 * length; the MLP's epochs are 5× longer (its steps are ~10× faster).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { disposeDeep, fit, type WorkerReport } from '@strata/train';
import { mnistDirectory } from './data.js';
import { type ScalingArgs, scalingTraining } from './scaling-setup.js';
import { TorchServer } from './torch-subjects.js';

const { values } = parseArgs({
  options: {
    quiet: { type: 'string', default: '3' },
    'max-rounds': { type: 'string', default: '10' },
    epochs: { type: 'string', default: '3' },
    batches: { type: 'string', default: '40' },
    models: { type: 'string', default: 'cnn,mlp' },
    workers: { type: 'string', default: '1,2,4' },
    out: { type: 'string', default: new URL('../SCALING.md', import.meta.url).pathname },
    python: { type: 'string', default: '/usr/bin/python3' },
    'no-torch': { type: 'boolean', default: false },
    'torch-threads': { type: 'string', default: '1,2' },
  },
});
const quietWanted = Number(values.quiet);
const maxRounds = Number(values['max-rounds']);
/** Other processes may use at most this many cores during every run of a quiet round. */
const QUIET_CORES = 0.15;
const epochs = Number(values.epochs);
const models = values.models.split(',') as ScalingArgs['model'][];
const workerCounts = values.workers.split(',').map(Number);
const module = new URL('./scaling-setup.ts', import.meta.url);
const argsFor = (model: ScalingArgs['model']): ScalingArgs => ({
  model,
  batch: 64,
  batches: Number(values.batches) * (model === 'mlp' ? 3 : 1),
});

interface Run {
  readonly model: string;
  readonly config: string;
  readonly round: number;
  /** samples/s of each epoch after the first (the training loop only). */
  readonly epochRates: number[];
  /** samples of all epochs / wall seconds of the whole fit call, start-up included. */
  readonly endToEnd: number;
  /** Share of the training loop spent waiting at barriers and exchanging gradients (workers only). */
  readonly wait: number;
  readonly exchange: number;
  /** Cores the rest of the machine kept busy during the run, on average. */
  readonly others: number;
}

/** Busy CPU seconds of the whole machine so far (Linux /proc/stat; NaN elsewhere). */
function machineBusySeconds(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    // USER_HZ is 100 on Linux (sysconf(_SC_CLK_TCK)).
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy CPU seconds of another process (/proc/<pid>/stat utime + stime; 0 where unreadable). */
function processBusySeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of this process, all its threads (the workers) included. */
function ownBusySeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function shares(workers: readonly WorkerReport[]): { wait: number; exchange: number } {
  const later = workers.flatMap((w) => w.epochs.slice(1));
  const seconds = later.reduce((n, e) => n + e.seconds, 0);
  return {
    wait: later.reduce((n, e) => n + e.waitSeconds, 0) / seconds,
    exchange: later.reduce((n, e) => n + e.exchangeSeconds, 0) / seconds,
  };
}

const TORCH = 'PyTorch ';
const isTorch = (config: string) => config.startsWith(TORCH);
const torchConfig = (threads: number) => `${TORCH}${threads} thread${threads === 1 ? '' : 's'}`;

let torch: TorchServer | null = null;
let torchInfo = '';
let torchSkipped = '';
/** PyTorch's runs: a fresh model, then `epochs` timed chunks of exactly one epoch's steps each. */
async function measureTorch(model: ScalingArgs['model'], threads: number) {
  const server = torch!;
  const { batches } = argsFor(model);
  const id = `scaling/${model}/${threads}t`;
  await server.request({ op: 'setup', id, model, task: 'train' });
  const rates: number[] = [];
  let samples = 0;
  for (let e = 0; e < epochs; e++) {
    const r = await server.request({ op: 'chunk', id, seconds: 0, min_steps: batches, threads });
    samples += Number(r.samples);
    rates.push(Number(r.samples) / Number(r.seconds));
  }
  await server.request({ op: 'teardown', id });
  return { samples, epochRates: rates.slice(1) };
}

async function measure(model: ScalingArgs['model'], config: string, round: number): Promise<Run> {
  const args = argsFor(model);
  const busy0 = machineBusySeconds();
  const own0 = ownBusySeconds() + processBusySeconds(torch?.pid);
  const started = performance.now();
  if (isTorch(config)) {
    const { samples, epochRates } = await measureTorch(
      model,
      Number(config.slice(TORCH.length).split(' ')[0]),
    );
    const wall = (performance.now() - started) / 1000;
    const own = ownBusySeconds() + processBusySeconds(torch?.pid) - own0;
    const others = Math.max(0, machineBusySeconds() - busy0 - own) / wall;
    return {
      model,
      config,
      round,
      epochRates,
      endToEnd: samples / wall,
      wait: Number.NaN,
      exchange: Number.NaN,
      others,
    };
  }
  let workers: readonly WorkerReport[] = [];
  const result =
    config === 'single process'
      ? await fit({ ...(await scalingTraining(args, 0)), epochs })
      : await fit({ workers: { count: Number(config.split(' ')[0]), module, args }, epochs }).then((r) => {
          workers = r.workers;
          return r;
        });
  const wall = (performance.now() - started) / 1000;
  // The idle PyTorch child's CPU time is this run's own too, not another process's.
  const own = ownBusySeconds() + processBusySeconds(torch?.pid) - own0;
  const others = Math.max(0, machineBusySeconds() - busy0 - own) / wall;
  const samples = result.history.reduce((n, h) => n + h.samplesPerSecond! * h.seconds!, 0);
  const { wait, exchange } = workers.length ? shares(workers) : { wait: Number.NaN, exchange: Number.NaN };
  disposeDeep([result.params, result.state, result.optState]);
  const epochRates = result.history.slice(1).map((h) => h.samplesPerSecond!);
  return { model, config, round, epochRates, endToEnd: samples / wall, wait, exchange, others };
}

const backend = await useBackend('wasm');
const loadStart = loadavg();
const strataConfigs = [...workerCounts.map((n) => `${n} worker${n === 1 ? '' : 's'}`), 'single process'];
const torchThreads = values['torch-threads'].split(',').map(Number);
if (values['no-torch']) torchSkipped = '`--no-torch`';
else if (!models.includes('cnn')) torchSkipped = 'the CNN is not among `--models`';
else {
  try {
    const started = await TorchServer.start(values.python, mnistDirectory());
    torch = started.server;
    torchInfo = `PyTorch ${started.info.torch} (Python ${started.info.python})`;
  } catch (error) {
    torchSkipped = `\`${values.python} -c "import torch"\` fails here (${error instanceof Error ? error.message : String(error)}); on Debian: apt-get install -y python3-torch`;
  }
}
console.log(torch ? torchInfo : `PyTorch skipped: ${torchSkipped}`);
const torchConfigs = torch ? torchThreads.map(torchConfig) : [];
/** PyTorch trains the CNN only (issue 5's comparison). */
const configsOf = (model: string) => (model === 'cnn' ? [...strataConfigs, ...torchConfigs] : strataConfigs);
const runs: Run[] = [];
const quietRounds: number[] = [];
let rounds = 0;
while (quietRounds.length < quietWanted && rounds < maxRounds) {
  const round = rounds++;
  for (const model of models) {
    // Rotate the order each round so no configuration always runs first or last.
    const list = configsOf(model);
    const order = list.map((_, i) => list[(i + round) % list.length]!);
    for (const config of order) {
      const run = await measure(model, config, round);
      runs.push(run);
      console.log(
        `round ${round + 1} ${model} ${config}: ${run.epochRates.map((r) => r.toFixed(0)).join(', ')} samples/s per epoch, ${run.endToEnd.toFixed(0)} end to end, others ${run.others.toFixed(2)} cores`,
      );
    }
  }
  const mine = runs.filter((r) => r.round === round);
  // Without /proc/stat every round counts (others is NaN).
  if (!mine.some((r) => r.others >= QUIET_CORES)) quietRounds.push(round);
}
const loadEnd = loadavg();
await torch?.close();

const percent = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(0)}%`);
function table(model: string): string {
  const of = (config: string, round?: number) =>
    runs.filter(
      (r) => r.model === model && r.config === config && (round === undefined || r.round === round),
    );
  const rate = (config: string, round: number) => median(of(config, round).flatMap((r) => r.epochRates));
  const ratios = (config: string, set: readonly number[]) =>
    set.map((round) => rate(config, round) / rate(strataConfigs[0]!, round));
  const describe = (xs: readonly number[]) =>
    xs.length === 0
      ? '–'
      : `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  const all = Array.from({ length: rounds }, (_, r) => r);
  const rows = configsOf(model).map((config) => {
    const quiet = quietRounds.flatMap((round) => of(config, round));
    return `| ${config} | ${quiet.length ? median(quiet.flatMap((r) => r.epochRates)).toFixed(0) : '–'} | ${describe(ratios(config, quietRounds))} | ${describe(ratios(config, all))} | ${quiet.length ? median(quiet.map((r) => r.endToEnd)).toFixed(0) : '–'} | ${percent(median(quiet.map((r) => r.wait)))} | ${percent(median(quiet.map((r) => r.exchange)))} |`;
  });
  const { batches } = argsFor(model as ScalingArgs['model']);
  return [
    `### ${model === 'cnn' ? 'Seed CNN (93,322 params)' : 'MLP 784-256-128-10 (235,146 params)'}, ${batches} global batches per epoch`,
    '',
    '| configuration | samples/s, quiet rounds | vs 1 worker, quiet rounds: median (range) | vs 1 worker, all rounds | end to end samples/s | waiting at barriers | exchanging gradients |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** Strata's CNN configurations against PyTorch's, each ratio taken within one round. */
function torchTable(): string {
  if (!torch) return `### Against PyTorch\n\nPyTorch skipped: ${torchSkipped}.`;
  const set = quietRounds.length ? quietRounds : Array.from({ length: rounds }, (_, r) => r);
  const rate = (config: string, round: number) =>
    median(
      runs
        .filter((r) => r.model === 'cnn' && r.config === config && r.round === round)
        .flatMap((r) => r.epochRates),
    );
  const bestStrata = (round: number) => Math.max(...strataConfigs.map((c) => rate(c, round)));
  const bestTorch = (round: number) => Math.max(...torchConfigs.map((c) => rate(c, round)));
  const describe = (xs: readonly number[]) =>
    `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  const strataRows: [string, (round: number) => number][] = [
    ...strataConfigs
      .filter((c) => c === '1 worker' || c === '2 workers')
      .map((c): [string, (round: number) => number] => [`Strata, ${c}`, (round) => rate(c, round)]),
    ['Strata, best configuration of the round', bestStrata],
  ];
  const torchCols: [string, (round: number) => number][] = [
    ...torchConfigs.map((c): [string, (round: number) => number] => [c, (round) => rate(c, round)]),
    ['PyTorch, faster thread count of the round', bestTorch],
  ];
  return [
    `### Seed CNN training: Strata vs PyTorch (issue 5: ≥ 0.5×), ${quietRounds.length ? `${set.length} quiet rounds` : `all ${set.length} rounds (none was quiet)`}`,
    '',
    `| Strata samples/s ÷ | ${torchCols.map(([c]) => c).join(' | ')} |`,
    `|---|${torchCols.map(() => '---:').join('|')}|`,
    ...strataRows.map(
      ([label, s]) =>
        `| ${label} | ${torchCols.map(([, t]) => describe(set.map((r) => s(r) / t(r)))).join(' | ')} |`,
    ),
    '',
    `Each ratio divides the two configurations' median epoch samples/s of the same round; the table gives the
median over rounds and (min–max). ${torchInfo}, \`torch.set_num_threads(n)\`, runs in a child process
that idles while Strata trains; its CPU time counts as this run's, not as other processes'. PyTorch
cycles the benchmark's 16 batches of 64 (the first 1,024 MNIST training images); Strata's runs take
the first ${argsFor('cnn').batches} batches shuffled: the same shapes, so the same work per step.`,
  ].join('\n');
}

const report = `# Scaling over worker threads

Training samples/s of \`fit({ workers })\` (each worker its own \`${backend.name}\` backend, the global
batch of 64 split across the workers, gradients averaged through a SharedArrayBuffer every step) and
of single-process \`fit\` on the same MNIST batches, Adam 1e-3. Produced by \`bench/src/scaling.ts\`;
how it works and what the numbers mean for you: docs/scaling.md.

- machine: ${cpus()[0]?.model.trim() ?? 'unknown'}, ${availableParallelism()} cores, Node ${process.version}
- load average (1, 5, 15 min): ${loadStart.map((l) => l.toFixed(2)).join(', ')} at the start, ${loadEnd.map((l) => l.toFixed(2)).join(', ')} at the end (this run's threads included; the per-run figures below count only other processes)
- ${rounds} rounds × ${models.map((m) => `${configsOf(m).length} configurations (${m})`).join(', ')}, alternating; each run ${epochs} epochs from scratch; throughput over epochs 2–${epochs} (epoch 1 warms up)
- quiet rounds (the rest of the machine used < ${QUIET_CORES} cores during each of their runs): ${quietRounds.length ? quietRounds.map((r) => r + 1).join(', ') : 'none'} of ${rounds}; other processes' use per run, in cores: ${runs.map((r) => r.others.toFixed(2)).join(' ')}
- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

${models.map(table).join('\n\n')}

${torchTable()}

"samples/s" counts the training loop only (the median over the quiet rounds' epochs); "vs 1 worker"
is the ratio to 1 worker measured in the same round, its median and range over rounds (quiet ones,
and all, to show what a busy neighbour does to it); "end to end" divides all
samples by the wall time of the whole \`fit\` call, worker start-up (about a second) included, so it
favours long runs. "waiting" and "exchanging" are shares of the workers' training loop: blocked at
the two barriers of each step (waiting for the slowest worker) and copying gradients into and out of
shared memory plus reducing their share.
`;
writeFileSync(values.out, report);
console.log(`\n${report}`);
