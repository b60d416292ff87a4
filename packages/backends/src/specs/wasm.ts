import * as tf from '@tensorflow/tfjs-core';
import { defineBackend, type WasmPaths } from '../define-backend.js';
import { registerTrainingKernels } from '../kernels/index.js';
import { field } from './field.js';

interface WasmModule {
  setWasmPaths(paths: WasmPaths): void;
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
}

async function flag(name: string): Promise<boolean | null> {
  try {
    return Boolean(await tf.env().getAsync(name));
  } catch {
    return null;
  }
}

const plural = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;

/** tfjs-backend-wasm: XNNPACK with SIMD where supported; Strata adds the kernels training needs. */
export const wasmBackend = defineBackend({
  name: 'wasm',
  package: '@tensorflow/tfjs-backend-wasm',
  tfjsName: 'wasm',
  device: 'cpu',
  priority: { node: 20, browser: 20 },
  load: () => import('@tensorflow/tfjs-backend-wasm'),
  version: (mod) => field(mod, 'version_wasm'),
  initFailureHint: ({ runtime, options }) =>
    runtime === 'browser' && options.wasmPaths === undefined
      ? "pass { wasmPaths: '<folder serving the .wasm files>' }"
      : undefined,
  configure: ({ module, options, initialised }) => {
    if (options.wasmPaths === undefined && options.threads === undefined) return [];
    const wasm = module as Partial<WasmModule> | undefined;
    if (
      initialised ||
      typeof wasm?.setWasmPaths !== 'function' ||
      typeof wasm.setThreadsCount !== 'function'
    ) {
      return [
        'wasmPaths and threads were ignored: they apply only before the wasm backend first initialises',
      ];
    }
    if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
    if (options.threads !== undefined) wasm.setThreadsCount(options.threads);
    return [];
  },
  describe: async ({ module, options, runtime }) => {
    const simd = await flag('WASM_HAS_SIMD_SUPPORT');
    let threads: number | null;
    try {
      threads = (module as Partial<WasmModule> | undefined)?.getThreadsCount?.() ?? null;
    } catch {
      threads = null;
    }
    const notes: string[] = [];
    if (options.threads !== undefined && threads !== null && threads < options.threads) {
      const why =
        runtime === 'browser'
          ? 'WASM threads need a cross-origin isolated page (COOP/COEP headers) and SharedArrayBuffer'
          : 'tfjs-backend-wasm runs one thread in Node';
      notes.push(`runs ${plural(threads)}, not ${options.threads}: ${why}`);
    }
    return { simd, threads, notes };
  },
  trainingKernels: () => {
    registerTrainingKernels({ backend: 'wasm' });
  },
});
