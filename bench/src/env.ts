import {
  type BackendInfo,
  registerTrainingKernels,
  unregisterTrainingKernels,
  useBackend,
} from '@strata/backends';
import * as tf from '@tensorflow/tfjs-core';

/**
 * What a subject runs under. tfjs-core keeps one global table of gradient functions and one of kernels,
 * and both libraries write to them: Strata's `useBackend` registers Strata's gradients (tfjs-core
 * registers none in plain Node) and Strata's training kernels on cpu and wasm; importing tfjs-layers'
 * Node bundle registers tfjs-core's own gradients over them. So each chunk first puts back the tables
 * its subject would see if it ran alone: Strata with its gradients and kernels, stock tfjs-layers with
 * tfjs's gradients and the backends' stock kernels.
 */
export interface Env {
  readonly backend: 'cpu' | 'wasm';
  readonly gradients: 'strata' | 'tfjs';
  /** Strata's training kernels registered on `backend` (its fused Adam among them). */
  readonly strataKernels: boolean;
}

type GradConfig = Parameters<typeof tf.registerGradient>[0];
type GradSet = ReadonlyMap<string, GradConfig>;

let strataGradients: GradSet | null = null;
let tfjsGradients: GradSet | null = null;
let current: Env | null = null;
/** Whether Strata's kernels are registered on each backend, as `activate` last left them. */
const kernels = new Map<Env['backend'], boolean>();

/** tfjs-core's gradient table (internal: `getGlobal('gradRegistry')`), read only to take snapshots. */
function gradientTable(): Map<string, GradConfig> | null {
  const globals = (globalThis as { _tfGlobals?: Map<string, unknown> })._tfGlobals;
  const table = globals?.get('gradRegistry');
  return table instanceof Map ? (table as Map<string, GradConfig>) : null;
}

export interface Backends {
  readonly cpu: BackendInfo;
  readonly wasm: BackendInfo | null;
  readonly wasmError: string | null;
  /** tfjs-layers, loaded after Strata registered its gradients. */
  readonly tfl: typeof import('@tensorflow/tfjs-layers');
  /** Whether gradient tables could be swapped per subject (false: both use whatever was registered last). */
  readonly gradientSwap: boolean;
}

/** Initialises cpu and wasm through Strata, then loads tfjs-layers, keeping both gradient tables. */
export async function initBackends(): Promise<Backends> {
  const cpu = await useBackend('cpu');
  let wasm: BackendInfo | null = null;
  let wasmError: string | null = null;
  try {
    wasm = await useBackend('wasm');
  } catch (error) {
    wasmError = error instanceof Error ? error.message : String(error);
  }
  const table = gradientTable();
  strataGradients = table ? new Map(table) : null;
  const tfl = await import('@tensorflow/tfjs-layers');
  tfjsGradients = table ? new Map(table) : null;
  current = null;
  kernels.clear();
  await activate({ backend: 'cpu', gradients: 'strata', strataKernels: true });
  return { cpu, wasm, wasmError, tfl, gradientSwap: table !== null };
}

/** Puts the backend, gradient table and kernels of `env` in place (cheap when already there). */
export async function activate(env: Env): Promise<void> {
  if (tf.getBackend() !== env.backend) {
    const ok = await tf.setBackend(env.backend);
    if (!ok) throw new Error(`could not switch to the ${env.backend} backend`);
  }
  if (current?.gradients !== env.gradients) {
    const set = env.gradients === 'strata' ? strataGradients : tfjsGradients;
    if (set) for (const config of set.values()) tf.registerGradient(config);
  }
  if (kernels.get(env.backend) !== env.strataKernels) {
    if (env.strataKernels) registerTrainingKernels({ backend: env.backend });
    else unregisterTrainingKernels({ backend: env.backend });
    kernels.set(env.backend, env.strataKernels);
  }
  current = env;
}
