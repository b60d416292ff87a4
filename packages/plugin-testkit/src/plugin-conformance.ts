import { useBackend } from '@strata/backends';
import {
  createRegistry,
  createRng,
  definePlugin,
  disposeTree,
  type Layer,
  type Loss,
  type RegistryEntry,
  type Shape,
  StrataError,
  type StrataPlugin,
  type TrainingStep,
  VERSION,
} from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import semver from 'semver';
import { layerChecks } from './layer-checks.js';
import type { ConformanceCheck, ConformanceOptions, EntrySpec } from './types.js';

const isLayer = (x: unknown): x is Layer =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Layer).init === 'function' &&
  typeof (x as Layer).apply === 'function';

function shapeOf(spec: EntrySpec, id: string, part?: string): Shape {
  const s = spec.inputShape;
  const shape =
    part === undefined ? s : Array.isArray(s) ? undefined : (s as Record<string, Shape> | undefined)?.[part];
  if (!Array.isArray(shape)) {
    throw new Error(
      `conformance spec of '${id}': give inputShape${part === undefined ? '' : ` for part '${part}'`}`,
    );
  }
  return shape as Shape;
}

function optionChecks(id: string, build: (options: unknown) => unknown, spec: EntrySpec): ConformanceCheck[] {
  return [
    {
      name: `${id}: builds from its declared options`,
      async run() {
        const product = build(spec.options);
        if (product === undefined || product === null)
          throw new Error(`${id}: the factory returned ${product}`);
      },
    },
    {
      name: `${id}: refuses bad options with a labelled error`,
      async run() {
        if (spec.badOptions.length === 0) {
          throw new Error(`conformance spec of '${id}': list at least one bad options value in badOptions`);
        }
        for (const bad of spec.badOptions) {
          let thrown: unknown;
          try {
            build(bad);
          } catch (e) {
            thrown = e;
          }
          if (thrown === undefined) throw new Error(`${id}: accepted the bad options ${JSON.stringify(bad)}`);
          if (!(thrown instanceof StrataError)) {
            throw new Error(
              `${id}: refused ${JSON.stringify(bad)} with a ${(thrown as Error)?.name ?? typeof thrown}, not a labelled Strata error (ConfigError and its kin from @strata/core): ${(thrown as Error)?.message}`,
            );
          }
        }
      },
    },
  ];
}

function lossChecks(id: string, make: () => Loss, spec: EntrySpec): ConformanceCheck[] {
  return [
    {
      name: `${id}: a finite scalar whose gradient matches central finite differences`,
      async run() {
        if (!spec.lossInputs) throw new Error(`conformance spec of '${id}': give lossInputs`);
        await useBackend('cpu');
        const loss = make();
        const [yTrue, yPred] = spec.lossInputs();
        try {
          const before = tf.memory().numTensors;
          const value = loss(yTrue, yPred);
          const v = value.dataSync()[0]!;
          value.dispose();
          if (value.rank !== 0 || !Number.isFinite(v))
            throw new Error(`${id}: gave ${v} of rank ${value.rank}, not a finite scalar`);
          if (tf.memory().numTensors !== before)
            throw new Error(`${id}: leaves ${tf.memory().numTensors - before} tensors behind`);
          const report = checkGradients((p) => loss(yTrue, p), [yPred], {
            rtol: spec.gradientTolerance?.rtol ?? 1e-2,
            atol: spec.gradientTolerance?.atol ?? 1e-3,
            step: spec.gradientTolerance?.step ?? 1e-3,
          });
          const first = report.failures[0];
          if (first)
            throw new Error(
              `${id}: d/d yPred[${first.index}] is ${first.analytic}, by finite differences ${first.numeric}`,
            );
        } finally {
          tf.dispose([yTrue, yPred]);
        }
      },
    },
  ];
}

function stepChecks(id: string, entry: RegistryEntry, spec: EntrySpec): ConformanceCheck[] {
  return [
    {
      name: `${id}: takes training steps with finite logs and no leaks`,
      async run() {
        if (!spec.stepInput || !spec.batch)
          throw new Error(`conformance spec of '${id}': give stepInput and batch`);
        await useBackend('cpu');
        const step = buildStep(entry, spec, spec.options);
        const { params, state } = step.init(createRng(0));
        let train = { params, state, optState: step.initOptimizer(params) };
        const counts: number[] = [];
        try {
          for (let i = 0; i < 3; i++) {
            const batch = spec.batch();
            const out = tf.tidy(
              () => step.step(train, batch, { rng: createRng(10 + i), step: i, allMean: (t) => t }) as never,
            ) as ReturnType<TrainingStep['step']>;
            tf.dispose(Object.values(batch));
            const { logs, outputs, ...next } = out;
            for (const [k, v] of Object.entries(logs)) {
              const n = v.dataSync()[0]!;
              if (!Number.isFinite(n)) throw new Error(`${id}: step ${i} logged ${k} = ${n}`);
            }
            tf.dispose([...Object.values(logs), ...(outputs ? [outputs.yTrue, outputs.yPred] : [])]);
            disposeReplaced(train, next);
            train = next;
            counts.push(tf.memory().numTensors);
          }
          if (counts[1] !== counts[2])
            throw new Error(`${id}: tensors leak: numTensors went ${counts.join(' → ')}`);
        } finally {
          disposeTree(train);
        }
      },
    },
  ];
}

function tensorsIn(value: unknown, into = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) into.add(value);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) tensorsIn(v, into);
  return into;
}

/** Disposes the tensors of `old` that `next` no longer holds. */
function disposeReplaced(old: unknown, next: unknown): void {
  const held = tensorsIn(next);
  for (const t of tensorsIn(old)) if (!held.has(t) && !t.isDisposed) t.dispose();
}

/** A step entry is built from the run's pieces (`stepInput`) with the options under test. */
function buildStep(entry: RegistryEntry, spec: EntrySpec, options: unknown): TrainingStep {
  if (!spec.stepInput) throw new Error(`conformance spec of '${entry.id}': give stepInput`);
  return entry.factory({ ...spec.stepInput(), options }) as TrainingStep;
}

/**
 * The conformance suite of a plugin, as named checks to run under any test runner:
 *
 * - the plugin: its shape (`definePlugin`), a `strata` semver range that admits this @strata/core,
 *   and a spec for every entry it registers;
 * - every entry: builds from its declared options and refuses each of `badOptions` with a labelled
 *   Strata error;
 * - layers and architectures (each part of a multi-part one): trains three steps on every available
 *   backend with its inferred output shape, finite gradients and flat `numTensors`, the same outputs
 *   as on cpu; gradients that match central finite differences; params saved as safetensors and
 *   loaded that predict bit-identically;
 * - losses: a finite scalar, no leaked tensors, a gradient that matches finite differences;
 * - steps: three training steps with finite logs and no leaks.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ConfigError, definePlugin, VERSION } from '@strata/core';
 * import { pluginConformance } from '@strata/plugin-testkit';
 *
 * const absError = (options: unknown) => {
 *   if (options !== undefined) throw new ConfigError('my/abs-error', 'takes no options');
 *   return (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.mean(tf.abs(tf.sub(yTrue, yPred))) as tf.Scalar;
 * };
 * const plugin = definePlugin({
 *   meta: { name: 'my-plugin', version: '1.0.0', namespace: 'my' },
 *   strata: `^${VERSION}`,
 *   losses: { 'abs-error': absError },
 * });
 * const checks = pluginConformance(plugin, {
 *   entries: {
 *     'my/abs-error': {
 *       options: undefined,
 *       badOptions: [{ delta: 1 }],
 *       lossInputs: () => [tf.tensor1d([0, 1]), tf.tensor1d([0.5, 0.25])],
 *     },
 *   },
 * });
 * // In a test file: `for (const check of checks) it(check.name, check.run);`
 * checks.length; // => 5
 * checks[4]!.name; // => 'my/abs-error: a finite scalar whose gradient matches central finite differences'
 * ```
 */
export function pluginConformance(plugin: StrataPlugin, options: ConformanceOptions): ConformanceCheck[] {
  const backends = options.backends ?? ['cpu', 'wasm'];
  const parity = options.parityTolerance ?? 1e-4;
  const checks: ConformanceCheck[] = [
    {
      name: `${plugin.meta?.name}: a valid plugin whose strata range admits @strata/core ${VERSION}`,
      async run() {
        definePlugin(plugin);
        if (!semver.satisfies(VERSION, plugin.strata, { includePrerelease: true })) {
          throw new Error(
            `strata range ${JSON.stringify(plugin.strata)} does not admit @strata/core ${VERSION}`,
          );
        }
      },
    },
  ];
  let entries: RegistryEntry[];
  try {
    entries = createRegistry().use(plugin).list();
  } catch (error) {
    return [...checks, { name: 'the plugin registers', run: async () => Promise.reject(error) }];
  }
  const ids = new Set(entries.map((e) => e.id));
  checks.push({
    name: `${plugin.meta.name}: every entry has a conformance spec, and every spec an entry`,
    async run() {
      const unspecified = [...ids].filter((id) => !(id in options.entries));
      const unknown = Object.keys(options.entries).filter((id) => !ids.has(id));
      if (unspecified.length + unknown.length > 0) {
        throw new Error(
          [
            unspecified.length ? `no spec for ${unspecified.join(', ')}` : '',
            unknown.length ? `specs for ids the plugin does not register: ${unknown.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
        );
      }
    },
  });
  for (const entry of entries) {
    const spec = options.entries[entry.id];
    if (!spec) continue;
    const build =
      entry.kind === 'steps' ? (o: unknown) => buildStep(entry, spec, o) : (o: unknown) => entry.factory(o);
    checks.push(...optionChecks(entry.id, build, spec));
    if (entry.kind === 'layers' || entry.kind === 'architectures') {
      const product = entry.factory(spec.options);
      if (isLayer(product)) {
        checks.push(
          ...layerChecks(
            entry.id,
            () => entry.factory(spec.options) as Layer,
            shapeOf(spec, entry.id),
            spec,
            backends,
            parity,
          ),
        );
      } else {
        for (const part of Object.keys(product as object)) {
          const make = () => (entry.factory(spec.options) as Record<string, Layer>)[part]!;
          checks.push(
            ...layerChecks(
              `${entry.id} part '${part}'`,
              make,
              shapeOf(spec, entry.id, part),
              spec,
              backends,
              parity,
            ),
          );
        }
      }
    } else if (entry.kind === 'losses') {
      checks.push(...lossChecks(entry.id, () => entry.factory(spec.options) as Loss, spec));
    } else if (entry.kind === 'steps') {
      checks.push(...stepChecks(entry.id, entry, spec));
    }
  }
  return checks;
}
