import { assertKnownKeys, ConfigError } from '@strata/core';
import type { KernelBackend } from '@tensorflow/tfjs-core';

/** Where a backend can run, or where `useBackend` is running now. */
export type BackendRuntime = 'node' | 'browser';

/** A folder URL, or one URL per tfjs-backend-wasm `.wasm` file name. */
export type WasmPaths = string | Readonly<Record<string, string>>;

/** The `useBackend` options a spec's hooks see. */
export interface BackendRequest {
  readonly wasmPaths?: WasmPaths;
  readonly threads?: number;
}

/** What `configure` and `describe` are given. */
export interface BackendContext {
  /** Node or browser, as the selector runs. */
  readonly runtime: BackendRuntime;
  /** The options `useBackend` (or `listBackends`) was called with. */
  readonly options: BackendRequest;
  /** The package's module namespace, `undefined` when the application registered the backend itself. */
  readonly module: unknown;
}

/** What `describe` reports about a backend that initialised; absent fields take the spec's defaults. */
export interface BackendDescription {
  /** Where the kernels run now (the spec's `device` when absent). */
  readonly device?: 'cpu' | 'gpu';
  /** Whether the kernels use SIMD instructions; `null` where the question does not apply. */
  readonly simd?: boolean | null;
  /** Threads the kernels run on; `null` where the backend manages its own pool. */
  readonly threads?: number | null;
  /** Facts worth saying (`runs 1 thread, not 2: …`). */
  readonly notes?: readonly string[];
  /**
   * True when a GPU backend found only a software GPU (SwiftShader, llvmpipe): correct, but slower
   * than wasm, so `'auto'` ranks it at the spec's `softwarePriority` instead.
   */
  readonly software?: boolean;
}

/**
 * Everything Strata knows about one backend. The selector does the same steps for every backend, in
 * this order: check `runtime`, `load` the package, `probe`, `configure`, `tf.setBackend(tfjsName)`,
 * run one op, `describe`; then, when training, `registerGradients()` and `trainingKernels`.
 */
export interface BackendSpec {
  /** The name `useBackend` takes (`'wasm'`, `'my-npu'`); lower case, digits and dashes. */
  readonly name: string;
  /** The npm package that provides it (named in install hints). */
  readonly package: string;
  /** The name its package registers with tfjs-core (`tensorflow` for both native backends). */
  readonly tfjsName: string;
  /** Where it can run at all (default `'any'`). */
  readonly runtime?: BackendRuntime | 'any';
  /** Why it cannot run in the other runtime (`it binds the native libtensorflow`). */
  readonly runtimeReason?: string;
  /** Where its kernels run when it works as intended. */
  readonly device: 'cpu' | 'gpu';
  /**
   * Its place in `'auto'`, per runtime: the highest priority that initialises wins. Absent for a
   * runtime: `'auto'` never picks it there (it can still be named). Built-ins: node-gpu 40, webgpu
   * 35 (Node) or 40 (browsers), node 30, webgl 30, wasm 20, cpu 10.
   */
  readonly priority?: Readonly<Partial<Record<BackendRuntime, number>>>;
  /**
   * Its place in `'auto'` when `describe` reports a software GPU (`software: true`): a GPU emulated
   * on the CPU is slower than wasm. Built-ins: webgpu 15, webgl 12 (below wasm 20, above cpu 10).
   * Absent: a software GPU keeps `priority`.
   */
  readonly softwarePriority?: Readonly<Partial<Record<BackendRuntime, number>>>;
  /** Imports the package; importing a tfjs backend package registers its backend with tfjs-core. */
  readonly load: () => Promise<unknown>;
  /** What else installing it needs, appended to the install hint (`needs CUDA 11.2`). */
  readonly needs?: string;
  /** Reads the package version from its module namespace. */
  readonly version?: (module: unknown) => string | null;
  /** Says why a package that is installed failed to load (the default names the package and message). */
  readonly loadFailure?: (message: string) => string;
  /** After loading: why it cannot run here (`no WebGPU adapter`), or `null` when it can. */
  readonly probe?: (runtime: BackendRuntime) => string | null | Promise<string | null>;
  /**
   * Before the backend initialises: applies `wasmPaths`/`threads` (a backend without `configure`
   * ignores `threads` and says so). Returns notes; a throw is reported as `could not configure`.
   * `initialised` is true when tfjs already initialised the backend (settings then come too late).
   */
  readonly configure?: (context: BackendContext & { readonly initialised: boolean }) => readonly string[];
  /** A hint appended when it fails to initialise (wasm in a browser: `pass { wasmPaths }`). */
  readonly initFailureHint?: (context: Omit<BackendContext, 'module'>) => string | undefined;
  /** After a first op ran: how it runs (device, SIMD, threads). */
  readonly describe?: (
    context: BackendContext & { readonly backend: KernelBackend },
  ) => BackendDescription | Promise<BackendDescription>;
  /**
   * When two specs register the same `tfjsName` (node and node-gpu): whether the tfjs backend the
   * application registered is this spec's build, so the other one is not loaded next to it.
   */
  readonly identify?: (backend: unknown) => boolean;
  /** Registers the kernels Strata's training needs on this backend (after `registerGradients()`). */
  readonly trainingKernels?: () => void;
}

const SPEC_KEYS: readonly (keyof BackendSpec)[] = [
  'name',
  'package',
  'tfjsName',
  'runtime',
  'runtimeReason',
  'device',
  'priority',
  'softwarePriority',
  'load',
  'needs',
  'version',
  'loadFailure',
  'probe',
  'configure',
  'initFailureHint',
  'describe',
  'identify',
  'trainingKernels',
];
const FUNCTIONS = [
  'load',
  'version',
  'loadFailure',
  'probe',
  'configure',
  'initFailureHint',
  'describe',
  'identify',
  'trainingKernels',
] as const;
const STRINGS = ['package', 'tfjsName', 'runtimeReason', 'needs'] as const;
const NAME = /^[a-z][a-z0-9-]*$/;

function fail(label: string, message: string): never {
  throw new ConfigError(label, message);
}

/**
 * Declares a backend: checks the spec now, so a malformed one fails where it is written, and returns
 * it frozen. Strata's own backends are specs of this shape; a third party adds one from its own
 * package by putting it in a plugin's `backends` (`{ [spec.name]: () => spec }`) and calling
 * `defaultRegistry().use(plugin)`: `useBackend`, `listBackends`, `'auto'` and `strata doctor` then
 * know it.
 *
 * @example
 * ```ts
 * import { defineBackend, useBackend } from '@strata/backends';
 * import { defaultRegistry, definePlugin } from '@strata/core';
 * import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 *
 * const myCpu = defineBackend({
 *   name: 'my-cpu',
 *   package: 'my-backend',
 *   tfjsName: 'my-cpu',
 *   device: 'cpu',
 *   load: async () => {
 *     if (tf.findBackendFactory('my-cpu') == null) {
 *       tf.registerBackend('my-cpu', () => new MathBackendCPU());
 *       tf.copyRegisteredKernels('cpu', 'my-cpu');
 *     }
 *     return { version: '1.0.0' };
 *   },
 *   version: (mod) => (mod as { version: string }).version,
 *   describe: () => ({ simd: false, threads: 1 }),
 * });
 * defaultRegistry().use(
 *   definePlugin({
 *     meta: { name: 'my-backend', version: '1.0.0', namespace: 'my' },
 *     strata: '^0.1.0',
 *     backends: { [myCpu.name]: () => myCpu },
 *   }),
 * );
 * (await useBackend('my-cpu')).name; // => 'my-cpu'
 * tf.getBackend(); // => 'my-cpu'
 * ```
 */
export function defineBackend<S extends BackendSpec>(spec: S): Readonly<S> {
  if (spec === null || typeof spec !== 'object') {
    fail('defineBackend(spec)', `spec must be an object, got ${spec === null ? 'null' : typeof spec}`);
  }
  const name: unknown = spec.name;
  const label = `defineBackend(${JSON.stringify(typeof name === 'string' ? name : '?')})`;
  if (typeof name !== 'string' || !NAME.test(name) || name === 'auto') {
    fail(label, `name must match ${NAME} and not be 'auto', got ${JSON.stringify(name)}`);
  }
  assertKnownKeys(spec, SPEC_KEYS, label);
  for (const key of STRINGS) {
    const value: unknown = spec[key];
    const optional = key === 'runtimeReason' || key === 'needs';
    if ((value !== undefined || !optional) && (typeof value !== 'string' || value === '')) {
      fail(label, `${key} must be a non-empty string, got ${JSON.stringify(value)}`);
    }
  }
  for (const key of FUNCTIONS) {
    const value: unknown = spec[key];
    if ((value !== undefined || key === 'load') && typeof value !== 'function') {
      fail(label, `${key} must be a function, got ${typeof value}`);
    }
  }
  if (spec.runtime !== undefined && !['node', 'browser', 'any'].includes(spec.runtime)) {
    fail(label, `runtime must be 'node', 'browser' or 'any', got ${JSON.stringify(spec.runtime)}`);
  }
  if (spec.device !== 'cpu' && spec.device !== 'gpu') {
    fail(label, `device must be 'cpu' or 'gpu', got ${JSON.stringify(spec.device)}`);
  }
  for (const key of ['priority', 'softwarePriority'] as const) {
    const priority: unknown = spec[key];
    if (priority === undefined) continue;
    if (priority === null || typeof priority !== 'object') fail(label, `${key} must be an object`);
    assertKnownKeys(priority, ['node', 'browser'], `${label}: ${key}`);
    for (const [runtime, rank] of Object.entries(priority)) {
      if (typeof rank !== 'number' || !Number.isFinite(rank)) {
        fail(label, `${key}.${runtime} must be a finite number, got ${JSON.stringify(rank)}`);
      }
    }
    Object.freeze(priority);
  }
  return Object.isFrozen(spec) ? spec : Object.freeze(spec);
}
