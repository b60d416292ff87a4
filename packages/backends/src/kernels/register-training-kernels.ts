import { assertKnownKeys, BackendError } from '@strata/core';
import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './batch-mat-mul.js';
import { castConfig } from './cast.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { setPreferSimd } from './helper-module.js';
import { identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { sumConfig } from './sum.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';
import { originals } from './wasm-backend.js';

/** Kernels that tfjs-backend-wasm 4.22 lacks and training needs. */
const added: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
];
/** Kernels that tfjs-backend-wasm has but runs slowly in training (each file says why). */
const replaced: readonly KernelConfig[] = [
  conv2DBackpropInputConfig,
  maxPoolGradConfig,
  batchMatMulConfig,
  sumConfig,
  identityConfig,
  castConfig,
];

/** Options of {@link registerTrainingKernels}. */
export interface RegisterTrainingKernelsOptions {
  /**
   * Use the helper module's WebAssembly SIMD build where the runtime accepts it (default true);
   * false forces the scalar build.
   */
  simd?: boolean;
}

/** What {@link registerTrainingKernels} put in place for the `wasm` backend. */
export interface TrainingKernels {
  /** Kernels that tfjs-backend-wasm does not have. */
  added: string[];
  /** tfjs-backend-wasm kernels set aside for faster ones (restored by unregisterTrainingKernels). */
  replaced: string[];
}

function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, 'wasm');
  if (current === config) return;
  if (current !== undefined) {
    if (!originals.has(config.kernelName)) originals.set(config.kernelName, current);
    unregisterKernel(config.kernelName, 'wasm');
  }
  registerKernel(config);
}

/**
 * Registers, for tfjs's `wasm` backend, the kernels that training needs and tfjs-backend-wasm 4.22
 * lacks (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`, `UnsortedSegmentSum`), and replaces the ones it runs slowly
 * in a training step (`Conv2DBackpropInput`, `MaxPoolGrad`, transposed `BatchMatMul`, `Sum` over
 * leading axes, `Identity`, same-dtype `Cast`), keeping the originals for
 * {@link unregisterTrainingKernels}.
 *
 * Explicit and idempotent: nothing happens on import, and calling it again only re-asserts the
 * same kernels (call it again after importing `@tensorflow/tfjs-backend-wasm` if that import came
 * later, since the import re-registers its own kernels). Other backends are not touched.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerTrainingKernels } from '@strata/backends';
 *
 * registerTrainingKernels();
 * await tf.setBackend('wasm');
 * // conv2d gradients now run on wasm (Conv2DBackpropFilter was missing before)
 * const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
 * const dW = tf.grad((w: tf.Tensor4D) => tf.sum(tf.conv2d(x, w, 1, 'same')))(tf.ones([3, 3, 1, 1]));
 * ```
 */
export function registerTrainingKernels(options: RegisterTrainingKernelsOptions = {}): TrainingKernels {
  const label = 'registerTrainingKernels(options)';
  if (options === null || typeof options !== 'object') {
    throw new BackendError(label, `options must be an object, got ${String(options)}`);
  }
  assertKnownKeys(options, ['simd'], label);
  const { simd = true } = options;
  if (typeof simd !== 'boolean') {
    throw new BackendError('registerTrainingKernels({simd})', `must be true or false, got ${String(simd)}`);
  }
  setPreferSimd(simd);
  for (const config of [...added, ...replaced]) install(config);
  return {
    added: added.map((c) => c.kernelName).filter((n) => !originals.has(n)),
    replaced: [...originals.keys()],
  };
}

/**
 * Removes what {@link registerTrainingKernels} registered and puts tfjs-backend-wasm's own kernels
 * back. A no-op when nothing is registered.
 *
 * @example
 * ```ts
 * import { registerTrainingKernels, unregisterTrainingKernels } from '@strata/backends';
 *
 * registerTrainingKernels();
 * unregisterTrainingKernels(); // wasm is back to its stock kernels
 * ```
 */
export function unregisterTrainingKernels(): void {
  for (const config of [...added, ...replaced]) {
    if (getKernel(config.kernelName, 'wasm') !== config) continue;
    unregisterKernel(config.kernelName, 'wasm');
    const original = originals.get(config.kernelName);
    if (original !== undefined) registerKernel(original);
  }
  originals.clear();
  setPreferSimd(true);
}
