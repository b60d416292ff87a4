import * as tf from '@tensorflow/tfjs-core';
import type { BackendList } from './backend-list.js';
import type { BackendLoader } from './backend-loaders.js';
import type { BackendInfo, UseBackendOptions } from './backend-types.js';
import type { BackendRuntime, BackendSpec } from './define-backend.js';
import { errorMessage, loadFailureReason } from './load-failure.js';

/** How one backend fared: its description when it works, or why not. */
export type Probe =
  | {
      readonly ok: true;
      readonly info: Omit<BackendInfo, 'reason'>;
      readonly notes: readonly string[];
      /** `describe` found only a software GPU. */
      readonly software: boolean;
    }
  | { readonly ok: false; readonly reason: string };

// Two specs may register one tfjs name (`node` and `node-gpu` both register `tensorflow`), and two
// libtensorflow builds must not be loaded into one process: remember which spec owns each such
// registration (valid while the factory is the same one, so it forgets when the backend is removed).
const owners = new Map<string, { readonly name: string; readonly factory: unknown }>();

function ownerOf(tfjsName: string, sharing: readonly BackendSpec[]): string | undefined {
  const factory = tf.findBackendFactory(tfjsName);
  if (factory == null) return undefined;
  const known = owners.get(tfjsName);
  if (known?.factory === factory) return known.name;
  // Registered by the application before Strata looked: the backend itself says which build it is.
  const backend = tf.findBackend(tfjsName);
  const owner = sharing.find((spec) => spec.identify?.(backend) === true);
  if (owner === undefined) return undefined;
  owners.set(tfjsName, { name: owner.name, factory });
  return owner.name;
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

/** What `activate` needs besides the spec. */
export interface ActivateContext {
  readonly backends: BackendList;
  readonly runtime: BackendRuntime;
  readonly load: BackendLoader;
  readonly options: UseBackendOptions;
}

/** Loads, initialises and smoke-tests one backend, leaving it active when it works. */
export async function activate(spec: BackendSpec, context: ActivateContext): Promise<Probe> {
  const { name, tfjsName } = spec;
  const { runtime, options } = context;
  const fail = (reason: string): Probe => ({ ok: false, reason });
  const notes: string[] = [];

  const where = spec.runtime ?? 'any';
  if (where !== 'any' && where !== runtime) {
    const why = spec.runtimeReason === undefined ? '' : ` (${spec.runtimeReason})`;
    return fail(`runs only in ${where === 'node' ? 'Node' : 'browsers'}${why}`);
  }
  const sharing = [...context.backends.values()].filter((s) => s.tfjsName === tfjsName);
  const shared = sharing.length > 1;
  if (shared) {
    const owner = ownerOf(tfjsName, sharing);
    if (owner !== undefined && owner !== name) {
      return fail(
        `not loaded: ${context.backends.get(owner)?.package} is already loaded in this process and provides the same '${tfjsName}' backend (two builds of it cannot share a process)`,
      );
    }
  }

  let module: unknown;
  try {
    module = await context.load();
  } catch (error) {
    const failure = loadFailureReason(spec, error);
    // A bundled app may have imported the package itself; its registered backend is what we want.
    const registered = !shared && tf.findBackendFactory(tfjsName) != null;
    if (!(failure.missing && registered)) return fail(failure.reason);
    notes.push(`using the '${tfjsName}' backend the application registered`);
  }

  const unusable = await spec.probe?.(runtime);
  if (unusable != null) return fail(unusable);

  const factory = tf.findBackendFactory(tfjsName);
  if (factory == null) {
    return fail(
      `${spec.package} loaded but registered no '${tfjsName}' backend with this copy of @tensorflow/tfjs-core; two copies are probably installed (list them with npm ls @tensorflow/tfjs-core and keep a single 4.x)`,
    );
  }
  if (shared && owners.get(tfjsName)?.factory !== factory) owners.set(tfjsName, { name, factory });

  const initialised = tf.engine().registry[tfjsName] != null;
  if (spec.configure !== undefined) {
    try {
      notes.push(...spec.configure({ runtime, options, module, initialised }));
    } catch (error) {
      return fail(`could not configure ${name}: ${errorMessage(error)}`);
    }
  } else if (options.threads !== undefined) {
    notes.push(`threads applies to wasm only; ${name} ignored it`);
  }

  let ready = false;
  let cause: string | undefined;
  try {
    ready = await tf.setBackend(tfjsName);
  } catch (error) {
    cause = errorMessage(error);
  }
  if (!ready) {
    const hint = spec.initFailureHint?.({ runtime, options });
    const message = cause ?? (await initFailureMessage(factory));
    return fail(`failed to initialise: ${message}${hint === undefined ? '' : ` (${hint})`}`);
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

  let described: Awaited<ReturnType<NonNullable<BackendSpec['describe']>>> = {};
  try {
    described = (await spec.describe?.({ runtime, options, module, backend: tf.backend() })) ?? {};
  } catch (error) {
    return fail(`initialised, but describing it failed: ${errorMessage(error)}`);
  }
  notes.push(...(described.notes ?? []));
  const version = module === undefined ? null : (spec.version?.(module) ?? null);
  return {
    ok: true,
    info: {
      name,
      tfjsName,
      device: described.device ?? spec.device,
      simd: described.simd ?? null,
      threads: described.threads ?? null,
      versions: { tfjsCore: tf.version_core, backend: version },
    },
    notes,
    software: described.software === true,
  };
}
