import {
  assertInteger,
  assertKnownKeys,
  BackendError,
  ConfigError,
  defaultRegistry,
  type Registry,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate, type Probe } from './activate-backend.js';
import { autoOrder, type BackendList, collectBackends, listOrder } from './backend-list.js';
import type { BackendChoice } from './backend-loaders.js';
import type {
  BackendInfo,
  BackendReport,
  BackendSelector,
  BackendSelectorOptions,
  ListBackendsOptions,
  UseBackendOptions,
} from './backend-types.js';
import type { BackendSpec } from './define-backend.js';
import { errorMessage } from './load-failure.js';
import { registerTraining as registerStrataTraining } from './register-training.js';

export type {
  BackendInfo,
  BackendReport,
  BackendSelector,
  BackendSelectorOptions,
  ListBackendsOptions,
  UseBackendOptions,
} from './backend-types.js';
export type { WasmPaths } from './define-backend.js';

const OPTION_KEYS = ['wasmPaths', 'threads', 'training'] as const;
const SELECTOR_KEYS = ['loaders', 'backends', 'registry', 'isBrowser', 'registerTraining'] as const;

// tfjs-core has one engine per process, so every selector shares one queue: two `useBackend` calls
// in flight at once would otherwise interleave their `setBackend`s.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
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

function checkName(name: unknown, backends: BackendList): asserts name is BackendChoice {
  if (typeof name === 'string' && (name === 'auto' || backends.has(name))) return;
  const choices = ['auto', ...backends.keys()].map((c) => `'${c}'`).join(', ');
  throw new ConfigError('useBackend(name)', `must be one of ${choices}, got ${JSON.stringify(name)}`);
}

const pluralThreads = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;

/**
 * Creates `useBackend` and `listBackends` over the backend specs (Strata's, `backends`, and the
 * plugins' in `registry`) and an environment. The exported `useBackend` and `listBackends` use the
 * defaults; pass `loaders` to replace some packages (tests inject fakes; a bundled app passes static
 * imports of the optional packages it ships).
 *
 * @example
 * ```ts
 * import { createBackendSelector } from '@strata/backends';
 * const { useBackend } = createBackendSelector({
 *   loaders: { webgl: () => import('@tensorflow/tfjs-backend-webgl') },
 * });
 * const info = await useBackend('auto'); // the fastest that initialises here, and why
 * typeof info.reason; // => 'string'
 * (await useBackend('cpu')).name; // => 'cpu'
 * ```
 */
export function createBackendSelector(selectorOptions: BackendSelectorOptions = {}): BackendSelector {
  assertKnownKeys(selectorOptions, SELECTOR_KEYS, 'createBackendSelector(options)');
  const extra = selectorOptions.backends ?? [];
  if (!Array.isArray(extra)) {
    throw new ConfigError('createBackendSelector({backends})', 'must be an array of defineBackend specs');
  }
  const registry: Registry = selectorOptions.registry ?? defaultRegistry();
  const loaders = selectorOptions.loaders ?? {};
  // Loaders replace packages of the backends known now (plugins' backends bring their own `load`).
  assertKnownKeys(loaders, [...collectBackends(extra).keys()], 'createBackendSelector({loaders})');
  const isBrowser = selectorOptions.isBrowser ?? detectBrowser();
  const runtime = isBrowser ? 'browser' : 'node';
  const registerTraining = async (spec: BackendSpec) => {
    if (selectorOptions.registerTraining === undefined) registerStrataTraining(spec);
    else await selectorOptions.registerTraining(spec.name);
  };

  function run(spec: BackendSpec, backends: BackendList, options: UseBackendOptions): Promise<Probe> {
    const load = loaders[spec.name] ?? spec.load;
    return activate(spec, { backends, runtime, load, options });
  }

  async function restore(previous: string | null): Promise<void> {
    if (previous != null && tf.findBackendFactory(previous) != null && tf.engine().backendName !== previous) {
      await tf.setBackend(previous);
    }
  }

  async function finish(
    spec: BackendSpec,
    info: Omit<BackendInfo, 'reason'>,
    reason: string,
    options: UseBackendOptions,
  ) {
    if (options.training !== false) {
      try {
        await registerTraining(spec);
      } catch (error) {
        throw new BackendError(
          `useBackend('${spec.name}')`,
          `the backend is set, but registering Strata's training gradients and kernels failed: ${errorMessage(error)}`,
        );
      }
    }
    return { ...info, reason };
  }

  function useBackend(name: BackendChoice, options: UseBackendOptions = {}): Promise<BackendInfo> {
    const backends = collectBackends(extra, registry);
    checkName(name, backends);
    checkOptions(options);
    return serial(async () => {
      const previous = tf.engine().backendName ?? null;
      const order = autoOrder(backends, runtime);
      const spec = backends.get(name);
      if (spec !== undefined) {
        const probe = await run(spec, backends, options);
        if (!probe.ok) {
          await restore(previous);
          const position = order.indexOf(spec);
          const rest = position < 0 ? [] : order.slice(position + 1).map((s) => s.name);
          const fallback =
            rest.length === 0
              ? ''
              : `, or use useBackend('auto') to fall back to the fastest of ${rest.join(', ')} that works here`;
          throw new BackendError(`useBackend('${name}')`, `${probe.reason}${fallback}`);
        }
        return finish(spec, probe.info, ['requested by name', ...probe.notes].join('; '), options);
      }
      const skipped: string[] = [];
      // A GPU backend that found only a software GPU waits at its softwarePriority: the backends
      // ranked above that are tried first, and it is activated again if none of them works.
      const deferred: { spec: BackendSpec; rank: number }[] = [];
      const takeDeferred = async (above: number) => {
        while (deferred.length > 0 && (deferred[0]?.rank ?? 0) > above) {
          const { spec: waiting } = deferred.shift() as { spec: BackendSpec };
          const probe = await run(waiting, backends, options);
          if (probe.ok) {
            const chosen = `${waiting.name}: fastest that initialised here (a software GPU ranks below wasm)`;
            return finish(waiting, probe.info, [chosen, ...probe.notes, ...skipped].join('; '), options);
          }
          skipped.push(`${waiting.name}: ${probe.reason}`);
        }
        return undefined;
      };
      for (const candidate of order) {
        const earlier = await takeDeferred(candidate.priority?.[runtime] ?? 0);
        if (earlier !== undefined) return earlier;
        const probe = await run(candidate, backends, options);
        const softwareRank = candidate.softwarePriority?.[runtime];
        if (probe.ok && probe.software && softwareRank !== undefined) {
          skipped.push(
            `${candidate.name}: only a software GPU here, tried after the backends ranked above it`,
          );
          deferred.push({ spec: candidate, rank: softwareRank });
          deferred.sort((a, b) => b.rank - a.rank);
          continue;
        }
        if (probe.ok) {
          const chosen = `${candidate.name}: fastest that initialised here`;
          return finish(candidate, probe.info, [chosen, ...probe.notes, ...skipped].join('; '), options);
        }
        skipped.push(`${candidate.name}: ${probe.reason}`);
      }
      const last = await takeDeferred(Number.NEGATIVE_INFINITY);
      if (last !== undefined) return last;
      await restore(previous);
      throw new BackendError("useBackend('auto')", `no backend initialised here: ${skipped.join('; ')}`);
    });
  }

  function listBackends(options: ListBackendsOptions = {}): Promise<BackendReport[]> {
    assertKnownKeys(options, ['wasmPaths'], 'listBackends(options)');
    checkOptions(options, 'listBackends');
    const backends = collectBackends(extra, registry);
    return serial(async () => {
      const previous = tf.engine().backendName ?? null;
      const reports: BackendReport[] = [];
      try {
        for (const spec of listOrder(backends, runtime)) {
          const probe = await run(spec, backends, options);
          const { name, package: pkg } = spec;
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
