import { assertKnownKeys, assertOneOf, BackendError, ConfigError } from '@strata/core';
import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { adamMomentsCpuConfig } from './cpu/adam-moments.js';
import { batchMatMulCpuConfig } from './cpu/batch-mat-mul.js';
import { convPoolBackpropCpuConfig } from './cpu/conv-pool-backprop.js';
import { conv2DCpuConfig } from './cpu/conv2d.js';
import { conv2DBackpropFilterCpuConfig } from './cpu/conv2d-backprop-filter.js';
import { conv2DBackpropInputCpuConfig } from './cpu/conv2d-backprop-input.js';
import { cpuOriginals } from './cpu/cpu-backend.js';
import { fusedConv2DCpuConfig } from './cpu/fused-conv2d.js';
import { fusedMatMulCpuConfig } from './cpu/fused-mat-mul.js';
import { lstmCellCpuConfig, lstmCellGradCpuConfig } from './cpu/lstm-cell.js';
import { maxPoolGradCpuConfig } from './cpu/max-pool-grad.js';
import { splitVCpuConfig } from './cpu/split-v.js';
import { sumCpuConfig } from './cpu/sum.js';
import { adamMomentsConfig } from './wasm/adam-moments.js';
import { batchMatMulConfig } from './wasm/batch-mat-mul.js';
import { castConfig } from './wasm/cast.js';
import { convPoolBackpropConfig } from './wasm/conv-pool-backprop.js';
import { conv2DBackpropFilterConfig } from './wasm/conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './wasm/conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './wasm/depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './wasm/depthwise-conv2d-backprop-input.js';
import { gatherV2Config } from './wasm/gather-v2.js';
import { setPreferSimd } from './wasm/helper-module.js';
import { identityConfig } from './wasm/identity.js';
import { lstmCellConfig, lstmCellGradConfig } from './wasm/lstm-cell.js';
import { maxPoolGradConfig } from './wasm/max-pool-grad.js';
import { sliceConfig } from './wasm/slice.js';
import { splitVConfig } from './wasm/split-v.js';
import { sumConfig } from './wasm/sum.js';
import { unpackConfig } from './wasm/unpack.js';
import { unsortedSegmentSumConfig } from './wasm/unsorted-segment-sum.js';
import { originals } from './wasm/wasm-backend.js';

/** The backends that have training kernels of Strata's. */
export type TrainingKernelBackend = 'wasm' | 'cpu';
const BACKENDS = ['wasm', 'cpu'] as const;

interface KernelSet {
  /** Kernels the backend lacks and training needs. */
  added: readonly KernelConfig[];
  /** Kernels the backend has but runs slowly in training (each file says why). */
  replaced: readonly KernelConfig[];
  /** The backend's own kernels that Strata set aside, by name, for unregisterTrainingKernels. */
  originals: Map<string, KernelConfig>;
}

const kernelSets: Record<TrainingKernelBackend, KernelSet> = {
  wasm: {
    added: [
      conv2DBackpropFilterConfig,
      depthwiseConv2dNativeBackpropFilterConfig,
      depthwiseConv2dNativeBackpropInputConfig,
      unsortedSegmentSumConfig,
      adamMomentsConfig,
      convPoolBackpropConfig,
      lstmCellConfig,
      lstmCellGradConfig,
    ],
    replaced: [
      conv2DBackpropInputConfig,
      maxPoolGradConfig,
      batchMatMulConfig,
      sumConfig,
      identityConfig,
      castConfig,
      sliceConfig,
      splitVConfig,
      unpackConfig,
      gatherV2Config,
    ],
    originals,
  },
  // tfjs-backend-cpu has every stock kernel; the replaced ones are those a CNN, MLP or recurrent
  // training step spends its time in.
  cpu: {
    added: [adamMomentsCpuConfig, convPoolBackpropCpuConfig, lstmCellCpuConfig, lstmCellGradCpuConfig],
    replaced: [
      conv2DBackpropFilterCpuConfig,
      conv2DBackpropInputCpuConfig,
      conv2DCpuConfig,
      fusedConv2DCpuConfig,
      maxPoolGradCpuConfig,
      sumCpuConfig,
      batchMatMulCpuConfig,
      fusedMatMulCpuConfig,
      splitVCpuConfig,
    ],
    originals: cpuOriginals,
  },
};

/** Options of {@link registerTrainingKernels}. */
export interface RegisterTrainingKernelsOptions {
  /** The backend whose kernels to register (default `'wasm'`). */
  backend?: TrainingKernelBackend;
  /**
   * wasm only: use the helper module's WebAssembly SIMD build where the runtime accepts it (default
   * true); false forces the scalar build. Rejected with `backend: 'cpu'` (the cpu kernels are plain
   * TypeScript).
   */
  simd?: boolean;
}

/** Options of {@link unregisterTrainingKernels}. */
export interface UnregisterTrainingKernelsOptions {
  /** The backend whose stock kernels to restore (default `'wasm'`). */
  backend?: TrainingKernelBackend;
}

/** What {@link registerTrainingKernels} put in place for one backend. */
export interface TrainingKernels {
  /** Kernels that the backend does not have (on cpu only Strata's fused ones). */
  added: string[];
  /** The backend's kernels set aside for faster ones (restored by unregisterTrainingKernels). */
  replaced: string[];
}

function install(config: KernelConfig, originals: Map<string, KernelConfig>): void {
  const { kernelName, backendName } = config;
  const current = getKernel(kernelName, backendName);
  if (current === config) return;
  if (current !== undefined) {
    if (!originals.has(kernelName)) originals.set(kernelName, current);
    unregisterKernel(kernelName, backendName);
  }
  registerKernel(config);
}

/** Checks an options object and returns its `backend` (default wasm). */
function backendOption(options: unknown, fn: string, keys: string[]): TrainingKernelBackend {
  const label = `${fn}(options)`;
  if (options === null || typeof options !== 'object') {
    throw new BackendError(label, `options must be an object, got ${String(options)}`);
  }
  assertKnownKeys(options, keys, label);
  const { backend = 'wasm' } = options as { backend?: unknown };
  assertOneOf(backend, BACKENDS, `${fn}({backend})`);
  return backend;
}

/**
 * Registers Strata's training kernels for tfjs's `wasm` backend (the default) or its `cpu` backend,
 * keeping the backend's own kernels for {@link unregisterTrainingKernels}.
 *
 * - `wasm`: adds the kernels training needs and tfjs-backend-wasm 4.22 lacks
 *   (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 *   `DepthwiseConv2dNativeBackpropInput`, `UnsortedSegmentSum`) and Strata's fused
 *   `StrataAdamMoments`, `StrataConvPoolBackprop`, `StrataLstmCell` and `StrataLstmCellGrad`
 *   (`ADAM_MOMENTS_KERNEL`, `CONV_POOL_BACKPROP_KERNEL`, `LSTM_CELL_KERNEL` and
 *   `LSTM_CELL_GRAD_KERNEL` of @strata/core), and replaces the ones it runs
 *   slowly in a training step (`Conv2DBackpropInput`, `MaxPoolGrad`, transposed `BatchMatMul`, `Sum`
 *   over leading axes, `Identity`, same-dtype `Cast`). `simd: false` forces the scalar build of the
 *   helper module.
 * - `cpu`: replaces the kernels a CNN or MLP training step spends its time in with plain TypeScript
 *   loops over the tensors' float32 arrays: `Conv2DBackpropFilter` (tfjs-backend-cpu's takes ~18 s a
 *   call on a small CNN), `Conv2DBackpropInput`, `Conv2D`, `FusedConv2D`, `MaxPoolGrad`, `Sum` over
 *   leading axes, `BatchMatMul` and `_FusedMatMul` (dense layers and their gradients, ~7× faster,
 *   same values bit for bit),
 *   and adds `StrataAdamMoments`, the LSTM step kernels `StrataLstmCell` and `StrataLstmCellGrad`,
 *   and `StrataConvPoolBackprop` (the conv + max-pool gradient from the pooled gradient, ~1.6×
 *   faster than MaxPoolGrad plus the dense conv gradient on the seed CNN).
 *   NHWC only: the convolutions throw a labelled error for NCHW.
 *   `simd` does not apply and is rejected with a ConfigError.
 *
 * Explicit and idempotent: nothing happens on import, and calling it again only re-asserts the
 * same kernels (call it again after importing the backend's package if that import came later,
 * since the import re-registers its own kernels). Other backends are not touched.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerTrainingKernels } from '@strata/backends';
 *
 * registerTrainingKernels(); // wasm
 * await tf.setBackend('wasm');
 * // conv2d gradients now run on wasm (Conv2DBackpropFilter was missing before)
 * const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
 * const dW = tf.grad((w: tf.Tensor4D) => tf.sum(tf.conv2d(x, w, 1, 'same')))(tf.ones([3, 3, 1, 1]));
 * // Each tap's gradient counts the output positions whose input under it lies inside the 4×4 image:
 * // 4 rows (or columns) for the centre offset, 3 for the others.
 * tf.reshape(dW, [3, 3]); // => [[9, 12, 9], [12, 16, 12], [9, 12, 9]]
 *
 * const cpu = registerTrainingKernels({ backend: 'cpu' });
 * [...cpu.replaced].sort(); // => ['BatchMatMul', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'FusedConv2D', 'MaxPoolGrad', 'SplitV', 'Sum', '_FusedMatMul']
 * ```
 */
export function registerTrainingKernels(options: RegisterTrainingKernelsOptions = {}): TrainingKernels {
  const backend = backendOption(options, 'registerTrainingKernels', ['backend', 'simd']);
  const { simd } = options;
  if (backend === 'cpu' && simd !== undefined) {
    throw new ConfigError(
      'registerTrainingKernels({simd})',
      "applies only to the wasm backend (the cpu kernels are plain TypeScript); omit it with backend 'cpu'",
    );
  }
  if (simd !== undefined && typeof simd !== 'boolean') {
    throw new BackendError('registerTrainingKernels({simd})', `must be true or false, got ${String(simd)}`);
  }
  if (backend === 'wasm') setPreferSimd(simd ?? true);
  const set = kernelSets[backend];
  for (const config of [...set.added, ...set.replaced]) install(config, set.originals);
  return {
    added: set.added.map((c) => c.kernelName).filter((n) => !set.originals.has(n)),
    replaced: [...set.originals.keys()],
  };
}

/**
 * Removes what {@link registerTrainingKernels} registered for `backend` (default `'wasm'`) and puts
 * that backend's own kernels back. A no-op when nothing is registered.
 *
 * @example
 * ```ts
 * import { registerTrainingKernels, unregisterTrainingKernels } from '@strata/backends';
 *
 * registerTrainingKernels();
 * unregisterTrainingKernels(); // wasm is back to its stock kernels
 * registerTrainingKernels({ backend: 'cpu' });
 * unregisterTrainingKernels({ backend: 'cpu' }); // and so is cpu
 * ```
 */
export function unregisterTrainingKernels(options: UnregisterTrainingKernelsOptions = {}): void {
  const backend = backendOption(options, 'unregisterTrainingKernels', ['backend']);
  const set = kernelSets[backend];
  for (const config of [...set.added, ...set.replaced]) {
    if (getKernel(config.kernelName, backend) !== config) continue;
    unregisterKernel(config.kernelName, backend);
    const original = set.originals.get(config.kernelName);
    if (original !== undefined) registerKernel(original);
  }
  set.originals.clear();
  if (backend === 'wasm') setPreferSimd(true);
}
