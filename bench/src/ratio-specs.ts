// Which ratios `pnpm bench` reports (split from main.ts, which runs the subjects and writes the report).
import type { BenchOptions } from './args.js';
import type { SubjectRecord } from './runner.js';
import { best, type RatioSpec } from './stats.js';

/** The ratios that issues 3 and 5 set targets for, then comparisons worth knowing. */
export function ratioSpecs(records: readonly SubjectRecord[], options: BenchOptions): RatioSpec[] {
  const get = (id: string) => records.find((r) => r.id === id);
  const strataOneProcessCnn = best([get('strata/cnn/train/wasm'), get('strata/cnn/train/cpu')]);
  const strataBestCnn = best([
    strataOneProcessCnn,
    ...options.workers.map((n) => get(`strata/cnn/train/wasm-${n}-workers`)),
  ]);
  const torchBest = (model: string, task: string) =>
    best(options.torchThreads.map((t) => get(`torch/${model}/${task}/${t}t`)));
  // The recurrent group's configurations: one process on each backend, and wasm over workers.
  const recurrentConfigs = (cell: 'lstm' | 'gru') => [
    get(`strata/imdb-${cell}/train/wasm`),
    get(`strata/imdb-${cell}/train/cpu`),
    ...options.workers.map((n) => get(`strata/imdb-${cell}/train/wasm-${n}-workers`)),
  ];
  const augmentBackend = get('strata/augment/pipeline/wasm') ? 'wasm' : 'cpu';
  return [
    {
      label: 'Augmented batches delivered vs the fashion-mnist CNN training on them',
      numerator: get(`strata/augment/pipeline/${augmentBackend}`),
      denominator: get(`strata/fashion-cnn/train/${augmentBackend}`),
      target: 5,
      source: 'issue 14',
    },
    {
      label: 'CNN training: Strata (best configuration) vs PyTorch, 2 threads',
      numerator: strataBestCnn,
      denominator: get('torch/cnn/train/2t'),
      target: 0.5,
      source: 'issue 5',
    },
    {
      label: 'CNN training: Strata (best configuration) vs PyTorch, fastest thread count',
      numerator: strataBestCnn,
      denominator: torchBest('cnn', 'train'),
      target: 0.5,
      source: 'issue 5, strict',
    },
    {
      label: 'CNN training: Strata (best configuration) vs tfjs-layers on cpu',
      numerator: strataBestCnn,
      denominator: get('tfjs-layers/cnn/train/cpu'),
      target: 200,
      source: 'issue 5',
    },
    {
      label: 'CNN training: Strata on wasm vs tfjs-layers on cpu',
      numerator: get('strata/cnn/train/wasm'),
      denominator: get('tfjs-layers/cnn/train/cpu'),
      target: 300,
      source: 'issue 3',
    },
    {
      label: 'CNN on wasm: Strata training vs Strata inference',
      numerator: get('strata/cnn/train/wasm'),
      denominator: get('strata/cnn/infer/wasm'),
      target: 0.25,
      source: 'issue 3',
    },
    {
      label: 'CNN training on cpu: Strata vs tfjs-layers',
      numerator: get('strata/cnn/train/cpu'),
      denominator: get('tfjs-layers/cnn/train/cpu'),
      target: 1.0,
      source: 'issue 5',
    },
    {
      label: 'MLP training on cpu: Strata vs tfjs-layers',
      numerator: get('strata/mlp/train/cpu'),
      denominator: get('tfjs-layers/mlp/train/cpu'),
      target: 1.0,
      source: 'issue 5',
    },
    {
      label: 'MLP training on wasm: Strata vs tfjs-layers',
      numerator: get('strata/mlp/train/wasm'),
      denominator: get('tfjs-layers/mlp/train/wasm'),
      target: 1.3,
      source: 'issue 5',
    },
    {
      label: 'CNN inference on cpu: Strata vs tfjs-layers',
      numerator: get('strata/cnn/infer/cpu'),
      denominator: get('tfjs-layers/cnn/infer/cpu'),
      target: 1.0,
      source: 'issue 5',
    },
    {
      label: 'MLP inference on cpu: Strata vs tfjs-layers',
      numerator: get('strata/mlp/infer/cpu'),
      denominator: get('tfjs-layers/mlp/infer/cpu'),
      target: 1.0,
      source: 'issue 5',
    },
    {
      label: 'CNN training, one thread each: Strata (best backend) vs PyTorch, 1 thread',
      numerator: strataOneProcessCnn,
      denominator: get('torch/cnn/train/1t'),
    },
    {
      label: 'CNN training on cpu: Strata vs tfjs-layers + Strata kernels',
      numerator: get('strata/cnn/train/cpu'),
      denominator: get('tfjs-layers/cnn/train/cpu+strata-kernels'),
    },
    {
      label: 'MLP training on cpu: Strata vs tfjs-layers + Strata kernels',
      numerator: get('strata/mlp/train/cpu'),
      denominator: get('tfjs-layers/mlp/train/cpu+strata-kernels'),
    },
    {
      label: 'CNN inference on cpu: Strata vs tfjs-layers + Strata kernels',
      numerator: get('strata/cnn/infer/cpu'),
      denominator: get('tfjs-layers/cnn/infer/cpu+strata-kernels'),
    },
    {
      label: 'CNN training on cpu: tfjs-layers + Strata kernels vs stock tfjs-layers',
      numerator: get('tfjs-layers/cnn/train/cpu+strata-kernels'),
      denominator: get('tfjs-layers/cnn/train/cpu'),
    },
    {
      label: 'CNN training on wasm: Strata vs tfjs-layers + Strata kernels',
      numerator: get('strata/cnn/train/wasm'),
      denominator: get('tfjs-layers/cnn/train/wasm+strata-kernels'),
    },
    {
      label: 'MLP training on wasm: Strata vs tfjs-layers + Strata kernels',
      numerator: get('strata/mlp/train/wasm'),
      denominator: get('tfjs-layers/mlp/train/wasm+strata-kernels'),
    },
    {
      label: 'MLP training on wasm: tfjs-layers + Strata kernels vs stock tfjs-layers',
      numerator: get('tfjs-layers/mlp/train/wasm+strata-kernels'),
      denominator: get('tfjs-layers/mlp/train/wasm'),
    },
    {
      label: 'MLP training: Strata (best backend) vs PyTorch (faster thread count)',
      numerator: best([get('strata/mlp/train/wasm'), get('strata/mlp/train/cpu')]),
      denominator: torchBest('mlp', 'train'),
    },
    {
      label: 'CNN inference on wasm: Strata vs tfjs-layers',
      numerator: get('strata/cnn/infer/wasm'),
      denominator: get('tfjs-layers/cnn/infer/wasm'),
    },
    {
      label: 'MLP inference on wasm: Strata vs tfjs-layers',
      numerator: get('strata/mlp/infer/wasm'),
      denominator: get('tfjs-layers/mlp/infer/wasm'),
    },
    {
      label: 'CNN inference: Strata (best backend) vs PyTorch (faster thread count)',
      numerator: best([get('strata/cnn/infer/wasm'), get('strata/cnn/infer/cpu')]),
      denominator: torchBest('cnn', 'infer'),
    },
    ...(['lstm', 'gru'] as const).map((cell) => ({
      label: `imdb ${cell.toUpperCase()} training: Strata (best configuration) vs PyTorch, 2 threads`,
      numerator: best(recurrentConfigs(cell)),
      denominator: get(`torch/imdb-${cell}/train/2t`),
      ...(cell === 'lstm' ? { target: 0.5, source: 'issue 11' } : {}),
    })),
    ...(['lstm', 'gru'] as const).map((cell) => ({
      label: `imdb ${cell.toUpperCase()} training: Strata (best configuration) vs PyTorch, fastest thread count`,
      numerator: best(recurrentConfigs(cell)),
      denominator: torchBest(`imdb-${cell}`, 'train'),
      ...(cell === 'lstm' ? { target: 0.5, source: 'issue 11, strict' } : {}),
    })),
    ...(['lstm', 'gru'] as const).map((cell) => ({
      label: `imdb ${cell.toUpperCase()} training, one thread each: Strata on wasm vs PyTorch, 1 thread`,
      numerator: get(`strata/imdb-${cell}/train/wasm`),
      denominator: get(`torch/imdb-${cell}/train/1t`),
    })),
  ];
}
