// `pnpm bench`: Strata against tfjs-layers (and PyTorch where installed) on the seed CNN and an MLP,
// on real MNIST, in one process, as ratios. See bench/README.md and bench/RESULTS.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, USAGE } from './args.js';
import { augmentedPipelineSubject, presetCnnTrainSubject } from './augment-subjects.js';
import { type BenchData, loadBenchData } from './data.js';
import { type Env, initBackends } from './env.js';
import { describeMachine } from './machine.js';
import { loadMnist, pipelineSubject } from './pipeline-subjects.js';
import { ratioSpecs } from './ratio-specs.js';
import { strataRecurrentTrain } from './recurrent-subjects.js';
import { type PreviousRun, type ReportInput, renderReport } from './report.js';
import { type Group, runGroupPass, type SubjectRecord } from './runner.js';
import { computeRatio, type Ratio, summarize } from './stats.js';
import { strataInfer, strataTrain } from './strata-subjects.js';
import type { ModelName, Subject } from './subject.js';
import { tfjsInfer, tfjsTrain } from './tfjs-subjects.js';
import { type TorchInfo, TorchServer, torchSubject } from './torch-subjects.js';
import { strataRecurrentWorkersTrain, strataWorkersTrain } from './worker-subjects.js';

const STABILITY = 0.15;
const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const log = (line: string) => process.stderr.write(`${line}\n`);

function env(backend: 'cpu' | 'wasm', gradients: 'strata' | 'tfjs', strataKernels: boolean): Env {
  return { backend, gradients, strataKernels };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  if ('render' in options) {
    const file = resolve(BENCH_DIR, options.render);
    const out = writeReport(JSON.parse(readFileSync(file, 'utf8')) as Run);
    log(`wrote ${out} from ${file}`);
    return;
  }
  const started = performance.now();
  const command = ['pnpm bench', ...argv].join(' ');
  const machine = describeMachine();
  log(
    `${command}: ${machine.cpu}, ${machine.cores} cores, load ${machine.loadStart.map((x) => x.toFixed(2)).join(' ')}`,
  );

  const backends = await initBackends();
  const data: BenchData = await loadBenchData();
  const hasWasm = backends.wasm !== null;

  let torch: { server: TorchServer; info: TorchInfo } | null = null;
  let torchSkipped: string | null = null;
  if (options.python === null) {
    torchSkipped = '--no-torch';
  } else {
    try {
      torch = await TorchServer.start(options.python, data.directory);
    } catch (error) {
      torchSkipped = `\`${options.python} -c "import torch"\` fails here (${error instanceof Error ? error.message : String(error)}); on Debian: apt-get install -y python3-torch`;
    }
  }
  log(torch ? `PyTorch ${torch.info.torch}` : `PyTorch skipped: ${torchSkipped}`);

  // Strata runs with its own gradients and kernels; stock tfjs-layers with tfjs-core's gradients and
  // the backends' own kernels; "tfjs-layers + Strata kernels" with tfjs's gradients and Strata's
  // kernels, as an application importing both would get.
  const strataCpu = env('cpu', 'strata', true);
  const strataWasm = env('wasm', 'strata', true);
  const tfjsCpu = env('cpu', 'tfjs', false);
  const tfjsCpuKernels = env('cpu', 'tfjs', true);
  const tfjsWasm = env('wasm', 'tfjs', false);
  const tfjsWasmKernels = env('wasm', 'tfjs', true);
  const { tfl } = backends;
  const server = torch?.server;

  const modelGroup = (model: ModelName): Group => {
    const s: Subject[] = [];
    const train = data.train;
    const test = data.test;
    const slow = model === 'cnn';
    if (hasWasm) s.push(strataTrain({ model, env: strataWasm, batches: train }));
    if (hasWasm && model === 'cnn') s.push(...options.workers.map((n) => strataWorkersTrain(n)));
    s.push(strataTrain({ model, env: strataCpu, batches: train }));
    if (hasWasm) {
      s.push(tfjsTrain({ tfl, model, env: tfjsWasm, batches: train }));
      s.push(tfjsTrain({ tfl, model, env: tfjsWasmKernels, batches: train }));
    }
    s.push(tfjsTrain({ tfl, model, env: tfjsCpu, batches: train, slow }));
    s.push(tfjsTrain({ tfl, model, env: tfjsCpuKernels, batches: train }));
    if (server) s.push(...options.torchThreads.map((t) => torchSubject(server, model, 'train', t)));
    if (hasWasm) s.push(strataInfer({ model, env: strataWasm, batches: test }));
    s.push(strataInfer({ model, env: strataCpu, batches: test }));
    if (hasWasm) s.push(tfjsInfer({ tfl, model, env: tfjsWasm, batches: test }));
    s.push(tfjsInfer({ tfl, model, env: tfjsCpu, batches: test }));
    if (model === 'cnn') s.push(tfjsInfer({ tfl, model, env: tfjsCpuKernels, batches: test }));
    if (server) s.push(...options.torchThreads.map((t) => torchSubject(server, model, 'infer', t)));
    return { name: model, subjects: s };
  };
  const groups: Group[] = [modelGroup('cnn'), modelGroup('mlp')];
  // Keras' imdb_lstm shape (embedding 20,000×128 → lstm 128 → dense 1) and its GRU twin, training only;
  // stock tfjs-layers cannot train it on wasm (no UnsortedSegmentSum), so the rows are Strata and PyTorch.
  const recurrent: Subject[] = [];
  for (const cell of ['lstm', 'gru'] as const) {
    if (hasWasm) recurrent.push(strataRecurrentTrain(cell, strataWasm));
    if (hasWasm) recurrent.push(...options.workers.map((n) => strataRecurrentWorkersTrain(n, cell)));
    recurrent.push(strataRecurrentTrain(cell, strataCpu));
    if (server)
      recurrent.push(...options.torchThreads.map((t) => torchSubject(server, `imdb-${cell}`, 'train', t)));
  }
  groups.push({ name: 'recurrent', subjects: recurrent });
  groups.push({
    name: 'pipeline',
    subjects: [pipelineSubject(strataCpu), ...(hasWasm ? [pipelineSubject(strataWasm)] : [])],
  });
  // The fashion-mnist preset's augmented pipeline next to its CNN training, on the backend it trains on.
  const augmentEnv = hasWasm ? strataWasm : strataCpu;
  groups.push({
    name: 'augment',
    subjects: [augmentedPipelineSubject(augmentEnv), presetCnnTrainSubject(augmentEnv)],
  });
  const selected = groups.filter((g) => options.only.length === 0 || options.only.includes(g.name));

  const records = new Map<string, SubjectRecord>();
  for (let pass = 0; pass < options.repeat; pass++) {
    for (const group of selected) {
      log(`pass ${pass + 1}/${options.repeat}: ${group.name}`);
      await runGroupPass(group, pass, options, records, log);
    }
  }
  await torch?.server.close();

  const { seconds: mnistSeconds } = selected.some((g) => g.name === 'pipeline' || g.name === 'augment')
    ? await loadMnist()
    : { seconds: undefined };
  const run: Run = {
    context: {
      command,
      date: `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
      minutes: (performance.now() - started) / 60_000,
      options,
      machine,
      loadEnd: loadavg(),
      cpu: backends.cpu,
      wasm: backends.wasm,
      wasmError: backends.wasmError,
      torch: torch?.info ?? null,
      torchSkipped,
      mnistSeconds,
      gradientSwap: backends.gradientSwap,
    },
    records: [...records.values()],
  };
  const json = resolve(BENCH_DIR, options.json);
  const previous = previousRun(json);
  if (previous) run.previous = previous;
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  const out = writeReport(run);
  log(`wrote ${out} and ${json}`);
}

/** Everything a report is made from; saved as JSON so `--render` can redo the report. */
interface Run {
  readonly context: Omit<ReportInput, 'records' | 'ratios' | 'stability' | 'notes'> & {
    readonly gradientSwap: boolean;
  };
  readonly records: SubjectRecord[];
  /** The ratios of the run this one replaced in the same file, for the repeat check. */
  previous?: PreviousRun;
}

/**
 * The ratios of the last run written to `json`, the run this one is about to replace. Full and quick
 * runs write different files (bench/out/RESULTS.json, RESULTS-quick.json), so each compares with the
 * previous run of its kind.
 */
function previousRun(json: string): PreviousRun | undefined {
  let old: Run;
  try {
    old = JSON.parse(readFileSync(json, 'utf8')) as Run;
  } catch {
    return undefined;
  }
  const { options } = old.context;
  return {
    date: old.context.date,
    commit: old.context.machine.commit,
    ratios: ratioSpecs(old.records, { ...options, workers: options.workers ?? [] })
      .filter((spec) => spec.numerator || spec.denominator)
      .map((spec) => computeRatio(spec, options.repeat))
      .map((r) => ({ label: r.label, value: r.value, cpu: r.cpu.value })),
  };
}

/** Computes ratios and notes from the records and writes the Markdown report; returns its path. */
function writeReport(run: Run): string {
  const { context, records } = run;
  const { options } = context;
  const ratios: Ratio[] = ratioSpecs(records, options)
    .filter((s) => s.numerator || s.denominator)
    .map((s) => computeRatio(s, options.repeat));
  const notes = buildNotes(records, context.gradientSwap, context.torch !== null, options.torchThreads);
  const report = renderReport({
    ...context,
    records,
    ratios,
    stability: STABILITY,
    notes,
    previous: run.previous,
  });
  const out = resolve(BENCH_DIR, options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report);
  log(`\n${report}`);
  return out;
}

const rateText = (r: number): string => (r >= 100 ? Math.round(r).toString() : r.toPrecision(3));

function buildNotes(
  records: readonly SubjectRecord[],
  gradientSwap: boolean,
  hasTorch: boolean,
  torchThreads: readonly number[],
): string[] {
  const get = (id: string) => records.find((r) => r.id === id);
  const median = (id: string) => {
    const r = get(id);
    return r && r.status === 'ok' && r.chunks.length ? summarize(r.chunks).median : undefined;
  };
  const notes = [
    "**Strata** trains with `trainStep` from @strata/train (what `fit` runs per batch; no read from the device inside the loop), models from @strata/layers, `sparseCategoricalCrossentropy({ fromLogits: true })`, `adam({ learningRate: 1e-3 })`, backends set with `useBackend` (which registers Strata's gradients and its training kernels on cpu and wasm, the fused Adam kernel among them). Inference is `model.apply` with `training: false` in `tidy`.",
    '**tfjs-layers** trains with `model.trainOnBatch` (the per-batch work of `model.fit` without its slicing and callbacks, so the faster baseline), softmax output + `categoricalCrossentropy` on one-hot labels as in its tutorials, `tf.train.adam(1e-3)`; inference is `model.predict` with `batchSize` the whole batch of 256 (its default, 32, would time slicing and concatenation too).',
    'Every library cycles through the same 16 batches of 64 MNIST training images (inference: 4 batches of 256 test images), prepared as tensors before timing; the data pipeline is timed separately below. Timing stops after a read from the device (cpu and wasm run kernels synchronously).',
    gradientSwap
      ? "tfjs-core has one global table of gradient functions: Strata's `useBackend` fills it with Strata's, and importing tfjs-layers' Node bundle overwrites most of them with tfjs-core's own. Before each chunk the bench restores the table its subject would have alone (Strata's for Strata, tfjs's for tfjs-layers), and registers or removes Strata's kernels (stock tfjs-layers runs on the backends' own kernels)."
      : "The gradient table could not be swapped per subject (tfjs-core internals changed): both libraries ran with the gradients registered last (tfjs-layers' import).",
    "Peak RSS is the whole Node process (both backends, every model of the run, MNIST in memory) as seen during that subject's chunks, so it is an upper bound; PyTorch's is its own process's peak so far. Leaked tensors are the change in `tf.memory().numTensors` across the timed chunks (0 means no leak).",
    'tfjs-backend-wasm runs on one thread in Node (its multithreaded build needs workers it cannot start there); tfjs-backend-cpu is single-threaded JavaScript.',
  ];
  if (hasTorch) {
    notes.push(
      `PyTorch (Debian \`python3-torch\`, run by \`bench/src/torch_reference.py\` as a child process whose chunks alternate with the others) runs the same models and batches with \`nn.CrossEntropyLoss\` and \`torch.optim.Adam(lr=1e-3)\`, NCHW, with \`torch.set_num_threads(n)\` for n in ${torchThreads.join(', ')} (issue 5 specifies 2; on a machine whose cores are shared with other work, two OpenMP threads can run many times slower than one, so 1 is timed too).`,
    );
    const two = median('torch/cnn/train/2t');
    const one = median('torch/cnn/train/1t');
    if (two !== undefined && one !== undefined && one > two * 1.5) {
      notes.push(
        `Here PyTorch's CNN training ran ${(one / two).toFixed(1)}× faster on 1 thread than on 2 (${Math.round(one)} vs ${Math.round(two)} samples/s; issue 5 measured ~2,000 on an idle machine): the two cores were shared with other processes during this run (see the load average), which stalls OpenMP's second thread. Compare Strata with the 1-thread figure, or rerun on an idle machine.`,
      );
    }
  }
  const stock = get('tfjs-layers/cnn/train/wasm');
  if (stock && stock.status !== 'ok') {
    const withKernels = median('tfjs-layers/cnn/train/wasm+strata-kernels');
    notes.push(
      `Stock tfjs-layers cannot train the CNN on wasm (${stock.reason ?? stock.status}). Strata's wasm kernels are registered for the whole wasm backend, so once an application calls \`registerTrainingKernels()\` (or \`useBackend('wasm')\`) tfjs-layers trains it too${withKernels === undefined ? '' : `, at ${Math.round(withKernels)} samples/s here`} (row "tfjs-layers + Strata kernels").`,
    );
  }
  for (const [model, backend] of [
    ['mlp', 'wasm'],
    ['cnn', 'cpu'],
    ['mlp', 'cpu'],
  ] as const) {
    const stockRate = median(`tfjs-layers/${model}/train/${backend}`);
    const withKernels = median(`tfjs-layers/${model}/train/${backend}+strata-kernels`);
    if (stockRate !== undefined && withKernels !== undefined) {
      notes.push(
        `Strata's ${backend} kernels change tfjs-layers' ${model.toUpperCase()} training on ${backend} by ${(withKernels / stockRate).toFixed(2)}× (${rateText(stockRate)} → ${rateText(withKernels)} samples/s).`,
      );
    }
  }
  const pipe = median('strata/data/pipeline/wasm') ?? median('strata/data/pipeline/cpu');
  const cnn = median('strata/cnn/train/wasm');
  const mlp = median('strata/mlp/train/wasm');
  if (pipe !== undefined && (cnn !== undefined || mlp !== undefined)) {
    const needs = Math.max(cnn ?? 0, mlp ?? 0) / 64;
    notes.push(
      `The data pipeline delivers ${Math.round(pipe)} batches/s; the fastest Strata training step here consumes ${needs.toFixed(1)} batches/s, so \`fit\` over the pipeline spends about ${((needs / pipe) * 100).toFixed(0)}% of its time waiting for data if nothing overlaps (prefetch overlaps only asynchronous reads). Augmentation is timed in its own group (the fashion-mnist preset's pipeline against its CNN).`,
    );
  }
  const implausible = records.filter(
    (r) =>
      r.lossFirst !== undefined &&
      [r.lossFirst, r.lossLast].some((x) => x !== undefined && (!Number.isFinite(x) || x < 1e-6 || x > 50)),
  );
  if (implausible.length > 0) {
    notes.push(
      `⚠️ Implausible training loss (expected about 2.3 falling towards 0.1 on MNIST) in ${implausible.map((r) => r.id).join(', ')}: the timings are of a computation that is numerically wrong, so treat them with care until it is fixed.`,
    );
  }
  return notes;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`pnpm bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
