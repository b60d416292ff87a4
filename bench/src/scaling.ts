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
 *   cd bench && npx tsx --conditions=strata-source src/scaling.ts [--quiet 3] [--max-rounds 10]
 *     [--epochs 3] [--batches 40] [--models cnn,mlp] [--workers 1,2,4] [--out SCALING.md]
 *
 * Writes the tables to bench/SCALING.md (or --out) and prints them. --batches is the CNN's epoch
 * length; the MLP's epochs are 5× longer (its steps are ~10× faster).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { disposeDeep, fit, type WorkerReport } from '@strata/train';
import { type ScalingArgs, scalingTraining } from './scaling-setup.js';

const { values } = parseArgs({
  options: {
    quiet: { type: 'string', default: '3' },
    'max-rounds': { type: 'string', default: '10' },
    epochs: { type: 'string', default: '3' },
    batches: { type: 'string', default: '40' },
    models: { type: 'string', default: 'cnn,mlp' },
    workers: { type: 'string', default: '1,2,4' },
    out: { type: 'string', default: new URL('../SCALING.md', import.meta.url).pathname },
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

async function measure(model: ScalingArgs['model'], config: string, round: number): Promise<Run> {
  const args = argsFor(model);
  const busy0 = machineBusySeconds();
  const own0 = ownBusySeconds();
  const started = performance.now();
  let workers: readonly WorkerReport[] = [];
  const result =
    config === 'single process'
      ? await fit({ ...(await scalingTraining(args, 0)), epochs })
      : await fit({ workers: { count: Number(config.split(' ')[0]), module, args }, epochs }).then((r) => {
          workers = r.workers;
          return r;
        });
  const wall = (performance.now() - started) / 1000;
  const others = Math.max(0, machineBusySeconds() - busy0 - (ownBusySeconds() - own0)) / wall;
  const samples = result.history.reduce((n, h) => n + h.samplesPerSecond! * h.seconds!, 0);
  const { wait, exchange } = workers.length ? shares(workers) : { wait: Number.NaN, exchange: Number.NaN };
  disposeDeep([result.params, result.state, result.optState]);
  const epochRates = result.history.slice(1).map((h) => h.samplesPerSecond!);
  return { model, config, round, epochRates, endToEnd: samples / wall, wait, exchange, others };
}

const backend = await useBackend('wasm');
const loadStart = loadavg();
const configs = [...workerCounts.map((n) => `${n} worker${n === 1 ? '' : 's'}`), 'single process'];
const runs: Run[] = [];
const quietRounds: number[] = [];
let rounds = 0;
while (quietRounds.length < quietWanted && rounds < maxRounds) {
  const round = rounds++;
  for (const model of models) {
    // Rotate the order each round so no configuration always runs first or last.
    const order = configs.map((_, i) => configs[(i + round) % configs.length]!);
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

const percent = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(0)}%`);
function table(model: string): string {
  const of = (config: string, round?: number) =>
    runs.filter(
      (r) => r.model === model && r.config === config && (round === undefined || r.round === round),
    );
  const rate = (config: string, round: number) => median(of(config, round).flatMap((r) => r.epochRates));
  const ratios = (config: string, set: readonly number[]) =>
    set.map((round) => rate(config, round) / rate(configs[0]!, round));
  const describe = (xs: readonly number[]) =>
    xs.length === 0
      ? '–'
      : `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  const all = Array.from({ length: rounds }, (_, r) => r);
  const rows = configs.map((config) => {
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

const report = `# Scaling over worker threads

Training samples/s of \`fit({ workers })\` (each worker its own \`${backend.name}\` backend, the global
batch of 64 split across the workers, gradients averaged through a SharedArrayBuffer every step) and
of single-process \`fit\` on the same MNIST batches, Adam 1e-3. Produced by \`bench/src/scaling.ts\`;
how it works and what the numbers mean for you: docs/scaling.md.

- machine: ${cpus()[0]?.model.trim() ?? 'unknown'}, ${availableParallelism()} cores, Node ${process.version}
- load average (1, 5, 15 min): ${loadStart.map((l) => l.toFixed(2)).join(', ')} at the start, ${loadEnd.map((l) => l.toFixed(2)).join(', ')} at the end (this run's threads included; the per-run figures below count only other processes)
- ${rounds} rounds × ${configs.length} configurations per model, alternating; each run ${epochs} epochs from scratch; throughput over epochs 2–${epochs} (epoch 1 warms up)
- quiet rounds (the rest of the machine used < ${QUIET_CORES} cores during each of their runs): ${quietRounds.length ? quietRounds.map((r) => r + 1).join(', ') : 'none'} of ${rounds}; other processes' use per run, in cores: ${runs.map((r) => r.others.toFixed(2)).join(' ')}
- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

${models.map(table).join('\n\n')}

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
