import { assertInteger, assertKnownKeys, assertOneOf, BackendError, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendLoaders,
  type BackendName,
  defaultBackendLoaders,
} from './backend-loaders.js';
import { AUTO_ORDER, BACKEND_SPECS } from './backend-specs.js';
import { errorMessage, loadFailureReason } from './load-failure.js';
import { registerTraining as registerStrataTraining } from './register-training.js';

/** A folder URL, or one URL per tfjs-backend-wasm `.wasm` file name. */
export type WasmPaths = string | Readonly<Record<string, string>>;

/** Options of `useBackend`. */
export interface UseBackendOptions {
  /**
   * Where the browser fetches tfjs-backend-wasm's `.wasm` files: a folder URL ending in `/`, or one
   * URL per file name (`tfjs-backend-wasm.wasm`, `-simd.wasm`, `-threaded-simd.wasm`), passed to
   * `setWasmPaths`. Not needed in Node, where the files are read from `node_modules`.
   */
  readonly wasmPaths?: WasmPaths;
  /** WASM thread count (XNNPACK's pool). Browsers need cross-origin isolation; Node runs one thread. */
  readonly threads?: number;
  /** Register the gradients and kernels Strata's training needs on this backend (default true). */
  readonly training?: boolean;
}

/** What is running after `useBackend`. */
export interface BackendInfo {
  /** Strata's name of the backend. */
  readonly name: BackendName;
  /** The name tfjs-core knows it by (`tensorflow` for both native backends). */
  readonly tfjsName: string;
  /** Where its kernels run (`node-gpu` reports `cpu` when TensorFlow finds no usable CUDA GPU). */
  readonly device: 'cpu' | 'gpu';
  /**
   * Whether its kernels use SIMD instructions: wasm's SIMD build, libtensorflow's AVX build; `null`
   * for the GPU backends, where the question does not apply.
   */
  readonly simd: boolean | null;
  /** Threads its kernels run on; `null` where the backend manages its own pool (libtensorflow, GPUs). */
  readonly threads: number | null;
  /** `backend` is the backend package's version, `null` when it cannot be read. */
  readonly versions: { readonly tfjsCore: string; readonly backend: string | null };
  /** Why this backend: for `'auto'`, the choice and why each faster one was skipped. */
  readonly reason: string;
}

/** One backend in `listBackends`: whether it works here and, if not, why not and what to do. */
export interface BackendReport {
  readonly name: BackendName;
  /** The npm package that provides it. */
  readonly package: string;
  readonly available: boolean;
  /** Why it is unavailable (with the command that fixes it), or what it runs with. */
  readonly reason: string;
  /** The description `useBackend` would return, when available. */
  readonly info: BackendInfo | null;
}

/** Options of `createBackendSelector`. */
export interface BackendSelectorOptions {
  /** Replace some package loaders (tests inject fakes; bundled apps pass static imports). */
  readonly loaders?: Partial<BackendLoaders>;
  /** Select as in a browser (webgpu > webgl > wasm > cpu) or as in Node; detected by default. */
  readonly isBrowser?: boolean;
  /** Called after the backend is set when `training` is true; defaults to Strata's gradient and kernel registration. */
  readonly registerTraining?: (backend: BackendName) => void | Promise<void>;
}

/** `useBackend` and `listBackends` over one loader table and environment. */
export interface BackendSelector {
  useBackend(name: BackendChoice, options?: UseBackendOptions): Promise<BackendInfo>;
  listBackends(options?: ListBackendsOptions): Promise<BackendReport[]>;
}

/** Options of `listBackends`. */
export interface ListBackendsOptions {
  /**
   * As in `useBackend`: where the browser fetches the `.wasm` files. Pass it if the app uses it, since
   * the wasm backend initialises once and a probe without it would fetch from the default location.
   */
  readonly wasmPaths?: WasmPaths;
}

type Probe =
  | { readonly ok: true; readonly info: Omit<BackendInfo, 'reason'>; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

interface WasmModule {
  setWasmPaths(paths: WasmPaths): void;
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
}

const CHOICES: readonly BackendChoice[] = ['auto', 'cpu', 'wasm', 'node', 'node-gpu', 'webgl', 'webgpu'];
const OPTION_KEYS = ['wasmPaths', 'threads', 'training'] as const;
const SELECTOR_KEYS = ['loaders', 'isBrowser', 'registerTraining'] as const;

// tfjs-core has one engine per process, so every selector shares one queue: two `useBackend` calls
// in flight at once would otherwise interleave their `setBackend`s.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

// `node` and `node-gpu` both register tfjs's `tensorflow` backend, and two libtensorflow builds must not
// be loaded into one process: remember which package owns the registration (valid while the factory is
// the same one, so it forgets when the backend is removed).
let tensorflowOwner: { name: BackendName; factory: unknown } | undefined;

function ownerOfTensorflow(): BackendName | undefined {
  const factory = tf.findBackendFactory('tensorflow');
  if (factory == null) return undefined;
  if (tensorflowOwner?.factory === factory) return tensorflowOwner.name;
  // Registered by the application before Strata looked: the backend itself says which build it is.
  const backend = tf.findBackend('tensorflow') as { isGPUPackage?: unknown } | null;
  if (typeof backend?.isGPUPackage !== 'boolean') return undefined;
  const name: BackendName = backend.isGPUPackage ? 'node-gpu' : 'node';
  tensorflowOwner = { name, factory };
  return name;
}

function detectBrowser(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: unknown };
  return g.process?.versions?.node === undefined && g.navigator !== undefined;
}

function checkOptions(options: UseBackendOptions, label = 'useBackend'): void {
  assertKnownKeys(options, OPTION_KEYS, `${label}(options)`);
  if (options.threads !== undefined) assertInteger(options.threads, 'useBackend({threads})');
  if (options.training !== undefined && typeof options.training !== 'boolean') {
    throw new ConfigError('useBackend({training})', `must be true or false, got ${typeof options.training}`);
  }
  const paths: unknown = options.wasmPaths;
  if (paths === undefined || typeof paths === 'string') return;
  const valid =
    typeof paths === 'object' &&
    paths !== null &&
    !Array.isArray(paths) &&
    Object.values(paths).every((p) => typeof p === 'string');
  if (!valid) {
    throw new ConfigError(
      `${label}({wasmPaths})`,
      "must be a folder URL string or an object mapping each .wasm file name to its URL, e.g. { 'tfjs-backend-wasm.wasm': '/wasm/tfjs-backend-wasm.wasm', … }",
    );
  }
}

// After a failed `setBackend`, tfjs has only logged the cause; running the factory once more gives it
// to us as an exception to report.
async function initFailureMessage(factory: () => unknown): Promise<string> {
  try {
    const backend = (await factory()) as { dispose?: () => void } | null;
    backend?.dispose?.();
    return 'tfjs-core could not initialise it (see its warning above)';
  } catch (error) {
    return errorMessage(error);
  }
}

async function flag(name: string): Promise<boolean | null> {
  try {
    return Boolean(await tf.env().getAsync(name));
  } catch {
    return null;
  }
}

function pluralThreads(n: number): string {
  return `${n} thread${n === 1 ? '' : 's'}`;
}

/**
 * Creates `useBackend` and `listBackends` over a loader table and an environment. The exported
 * `useBackend` and `listBackends` use the default table; pass `loaders` to replace some packages
 * (tests inject fakes; a bundled app passes static imports of the optional packages it ships).
 *
 * @example
 * ```ts
 * import { createBackendSelector, defaultBackendLoaders } from '@strata/backends';
 * const { useBackend } = createBackendSelector({
 *   loaders: { webgl: () => import('@tensorflow/tfjs-backend-webgl') },
 * });
 * const info = await useBackend('auto');
 * console.log(info.name, info.reason);
 * ```
 */
export function createBackendSelector(selectorOptions: BackendSelectorOptions = {}): BackendSelector {
  assertKnownKeys(selectorOptions, SELECTOR_KEYS, 'createBackendSelector(options)');
  if (selectorOptions.loaders !== undefined) {
    assertKnownKeys(selectorOptions.loaders, BACKEND_NAMES, 'createBackendSelector({loaders})');
  }
  const loaders: BackendLoaders = { ...defaultBackendLoaders, ...selectorOptions.loaders };
  const isBrowser = selectorOptions.isBrowser ?? detectBrowser();
  const runtime = isBrowser ? 'browser' : 'node';
  const registerTraining = selectorOptions.registerTraining ?? registerStrataTraining;

  /** Loads, initialises and smoke-tests one backend, leaving it active when it works. */
  async function activate(name: BackendName, options: UseBackendOptions): Promise<Probe> {
    const spec = BACKEND_SPECS[name];
    const fail = (reason: string): Probe => ({ ok: false, reason });
    const notes: string[] = [];

    if (spec.runtime !== 'any' && spec.runtime !== runtime) {
      return fail(
        spec.runtime === 'node'
          ? 'runs only in Node (it binds the native libtensorflow)'
          : 'runs only in browsers (it needs a WebGL context)',
      );
    }
    if (spec.tfjsName === 'tensorflow') {
      const owner = ownerOfTensorflow();
      if (owner !== undefined && owner !== name) {
        return fail(
          `not loaded: ${BACKEND_SPECS[owner].package} is already loaded in this process and provides the same 'tensorflow' backend (two libtensorflow builds cannot share a process)`,
        );
      }
    }

    let mod: unknown;
    try {
      mod = await loaders[name]();
    } catch (error) {
      const failure = loadFailureReason(name, error);
      // A bundled app may have imported the package itself; its registered backend is what we want.
      const registered = spec.tfjsName !== 'tensorflow' && tf.findBackendFactory(spec.tfjsName) != null;
      if (!(failure.missing && registered)) return fail(failure.reason);
      notes.push(`using the '${spec.tfjsName}' backend the application registered`);
    }

    if (name === 'webgpu') {
      // tfjs-backend-webgpu registers nothing where `navigator.gpu` is absent; say which step failed.
      const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator
        ?.gpu;
      if (gpu == null) return fail('no WebGPU in this runtime (navigator.gpu is undefined)');
      try {
        if ((await gpu.requestAdapter()) == null)
          return fail('no WebGPU adapter (requestAdapter() returned null)');
      } catch (error) {
        return fail(`no WebGPU adapter: ${errorMessage(error)}`);
      }
    }

    const factory = tf.findBackendFactory(spec.tfjsName);
    if (factory == null) {
      return fail(
        `${spec.package} loaded but registered no '${spec.tfjsName}' backend with this copy of @tensorflow/tfjs-core; two copies are probably installed (list them with npm ls @tensorflow/tfjs-core and keep a single 4.x)`,
      );
    }
    if (spec.tfjsName === 'tensorflow' && tensorflowOwner?.factory !== factory) {
      tensorflowOwner = { name, factory };
    }

    const initialised = tf.engine().registry[spec.tfjsName] != null;
    if (name === 'wasm' && (options.wasmPaths !== undefined || options.threads !== undefined)) {
      const wasm = mod as Partial<WasmModule> | undefined;
      if (
        initialised ||
        typeof wasm?.setWasmPaths !== 'function' ||
        typeof wasm.setThreadsCount !== 'function'
      ) {
        notes.push(
          'wasmPaths and threads were ignored: they apply only before the wasm backend first initialises',
        );
      } else {
        try {
          if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
          if (options.threads !== undefined) wasm.setThreadsCount(options.threads);
        } catch (error) {
          return fail(`could not configure wasm: ${errorMessage(error)}`);
        }
      }
    } else if (options.threads !== undefined && name !== 'wasm') {
      notes.push(`threads applies to wasm only; ${name} ignored it`);
    }

    let ready = false;
    let cause: string | undefined;
    try {
      ready = await tf.setBackend(spec.tfjsName);
    } catch (error) {
      cause = errorMessage(error);
    }
    if (!ready) {
      const hint =
        name === 'wasm' && isBrowser && options.wasmPaths === undefined
          ? " (pass { wasmPaths: '<folder serving the .wasm files>' })"
          : '';
      return fail(`failed to initialise: ${cause ?? (await initFailureMessage(factory))}${hint}`);
    }

    // A backend can initialise and still be unusable (a lost GL context, missing kernels): run one op.
    try {
      const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])));
      const values = await sum.data();
      sum.dispose();
      if (values[0] !== 4 || values[1] !== 6) {
        return fail(`initialised, but [1, 2] + [3, 4] gave [${Array.from(values).join(', ')}]`);
      }
    } catch (error) {
      return fail(`initialised, but a first operation failed: ${errorMessage(error)}`);
    }

    const backend = tf.backend() as { isUsingGpuDevice?: unknown };
    let device = spec.device;
    if (name === 'node-gpu' && backend.isUsingGpuDevice !== true) {
      device = 'cpu';
      notes.push('TensorFlow found no usable CUDA GPU, so it runs on the CPU');
    }
    let simd: boolean | null = null;
    let threads: number | null = null;
    if (name === 'cpu') {
      simd = false;
      threads = 1;
    } else if (name === 'wasm') {
      simd = await flag('WASM_HAS_SIMD_SUPPORT');
      try {
        threads = (mod as Partial<WasmModule> | undefined)?.getThreadsCount?.() ?? null;
      } catch {
        threads = null;
      }
      if (options.threads !== undefined && threads !== null && threads < options.threads) {
        notes.push(
          `runs ${pluralThreads(threads)}, not ${options.threads}: ${
            isBrowser
              ? 'WASM threads need a cross-origin isolated page (COOP/COEP headers) and SharedArrayBuffer'
              : 'tfjs-backend-wasm runs one thread in Node'
          }`,
        );
      }
    } else if (spec.runtime === 'node') {
      // TensorFlow's prebuilt CPU kernels have used AVX since TF 1.6 (its release notes).
      simd = true;
    }
    const version = mod === undefined ? null : spec.versionOf(mod);
    return {
      ok: true,
      info: {
        name,
        tfjsName: spec.tfjsName,
        device,
        simd,
        threads,
        versions: { tfjsCore: tf.version_core, backend: version },
      },
      notes,
    };
  }

  async function restore(previous: string | null): Promise<void> {
    if (previous != null && tf.findBackendFactory(previous) != null && tf.engine().backendName !== previous) {
      await tf.setBackend(previous);
    }
  }

  async function finish(
    name: BackendName,
    info: Omit<BackendInfo, 'reason'>,
    reason: string,
    options: UseBackendOptions,
  ) {
    if (options.training !== false) {
      try {
        await registerTraining(name);
      } catch (error) {
        throw new BackendError(
          `useBackend('${name}')`,
          `the backend is set, but registering Strata's training gradients and kernels failed: ${errorMessage(error)}`,
        );
      }
    }
    return { ...info, reason };
  }

  function useBackend(name: BackendChoice, options: UseBackendOptions = {}): Promise<BackendInfo> {
    assertOneOf(name, CHOICES, 'useBackend(name)');
    checkOptions(options);
    return serial(async () => {
      const previous = tf.engine().backendName ?? null;
      const order = AUTO_ORDER[runtime];
      if (name !== 'auto') {
        const probe = await activate(name, options);
        if (!probe.ok) {
          await restore(previous);
          const rest = order.filter((n) => n !== name && order.indexOf(n) > order.indexOf(name));
          const fallback =
            rest.length === 0
              ? ''
              : `, or use useBackend('auto') to fall back to the fastest of ${rest.join(', ')} that works here`;
          throw new BackendError(`useBackend('${name}')`, `${probe.reason}${fallback}`);
        }
        return finish(name, probe.info, ['requested by name', ...probe.notes].join('; '), options);
      }
      const skipped: string[] = [];
      for (const candidate of order) {
        const probe = await activate(candidate, options);
        if (probe.ok) {
          const reason = [`${candidate}: fastest that initialised here`, ...probe.notes, ...skipped].join(
            '; ',
          );
          return finish(candidate, probe.info, reason, options);
        }
        skipped.push(`${candidate}: ${probe.reason}`);
      }
      await restore(previous);
      throw new BackendError("useBackend('auto')", `no backend initialised here: ${skipped.join('; ')}`);
    });
  }

  function listBackends(options: ListBackendsOptions = {}): Promise<BackendReport[]> {
    assertKnownKeys(options, ['wasmPaths'], 'listBackends(options)');
    checkOptions(options, 'listBackends');
    return serial(async () => {
      const previous = tf.engine().backendName ?? null;
      const order = AUTO_ORDER[runtime];
      const names = [...order, ...BACKEND_NAMES.filter((n) => !order.includes(n))];
      const reports: BackendReport[] = [];
      try {
        for (const name of names) {
          const probe = await activate(name, options);
          const pkg = BACKEND_SPECS[name].package;
          if (probe.ok) {
            const { info } = probe;
            const facts = [
              `runs on the ${info.device}`,
              ...(info.simd === true ? ['SIMD'] : []),
              ...(info.threads === null ? [] : [pluralThreads(info.threads)]),
              ...probe.notes,
            ];
            const reason = facts.join(', ');
            reports.push({ name, package: pkg, available: true, reason, info: { ...info, reason } });
          } else {
            reports.push({ name, package: pkg, available: false, reason: probe.reason, info: null });
          }
        }
      } finally {
        await restore(previous);
      }
      return reports;
    });
  }

  return { useBackend, listBackends };
}

let defaultSelector: BackendSelector | undefined;

/** The selector behind the exported `useBackend` and `listBackends` (default loaders, detected runtime). */
export function getDefaultBackendSelector(): BackendSelector {
  defaultSelector ??= createBackendSelector();
  return defaultSelector;
}
