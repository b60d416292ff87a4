import semver from 'semver';
import { PluginError } from './errors.js';
import type { TrainingStep } from './step.js';
import type { Callback, GradientTransformation, Layer, Loss, Metric, Shape } from './types.js';
import { VERSION } from './version.js';

/*
 * Typed entries by module augmentation. A plugin package declares the options of each entry it adds:
 *
 *   declare module '@strata/core' {
 *     interface ArchitectureMap { 'gan/dcgan': DcganOptions }
 *   }
 *
 * and `registry.create('gan/dcgan', options)` then checks `options`. Ids that are not declared take
 * `unknown` options.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface ArchitectureMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface LayerMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface LossMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface MetricMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface OptimizerMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface AugmentationMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface DatasetMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface CallbackMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface BackendMap {}
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface StepMap {}

/** An architecture is a model (one layer) or named parts (a GAN's generator and discriminator). */
export type Architecture = Layer | { readonly [part: string]: Layer };

/**
 * What a step entry's factory is given: the config's own options for the step and the run's pieces,
 * each built from its entry (`strata train` builds the architecture and optimizer by id first). A
 * GAN's adversarial step takes the `generator` and `discriminator` parts of `model`; a step that needs
 * two optimizers builds the second from its own options.
 */
export interface StepEntryInput {
  /** The step's options from the config (checked by the step entry). */
  readonly options: unknown;
  /** The built architecture: one layer, or named parts. */
  readonly model: Architecture;
  /** One example's shape, the batch as null. */
  readonly inputShape: Shape;
  /** The config's optimizer, when it names one. */
  readonly optimizer?: GradientTransformation<unknown>;
  /** The config's loss, when it names one. */
  readonly loss?: Loss;
}

/** What each kind of entry's factory returns. */
export interface EntryProducts {
  architectures: Architecture;
  layers: Layer;
  losses: Loss;
  metrics: Metric<unknown, unknown>;
  optimizers: GradientTransformation<unknown>;
  augmentations: unknown;
  datasets: unknown;
  callbacks: Callback;
  backends: unknown;
  steps: TrainingStep<unknown>;
}
export type EntryKind = keyof EntryProducts;
export const ENTRY_KINDS: readonly EntryKind[] = [
  'architectures',
  'layers',
  'losses',
  'metrics',
  'optimizers',
  'augmentations',
  'datasets',
  'callbacks',
  'backends',
  'steps',
];

interface KindMaps {
  architectures: ArchitectureMap;
  layers: LayerMap;
  losses: LossMap;
  metrics: MetricMap;
  optimizers: OptimizerMap;
  augmentations: AugmentationMap;
  datasets: DatasetMap;
  callbacks: CallbackMap;
  backends: BackendMap;
  steps: StepMap;
}
/** Every declared id. */
export type KnownId = { [K in EntryKind]: keyof KindMaps[K] & string }[EntryKind];
/** The options an id's factory takes (`unknown` for undeclared ids). */
export type OptionsOf<Id extends string> = {
  [K in EntryKind]: Id extends keyof KindMaps[K] ? KindMaps[K][Id] : never;
}[EntryKind] extends infer O
  ? [O] extends [never]
    ? unknown
    : O
  : never;
/** What an id's factory returns. */
export type ProductOf<Id extends string> = {
  [K in EntryKind]: Id extends keyof KindMaps[K] ? EntryProducts[K] : never;
}[EntryKind] extends infer P
  ? [P] extends [never]
    ? unknown
    : P
  : never;

// biome-ignore lint/suspicious/noExplicitAny: factories are checked through the Map interfaces above
export type Factory<P> = (options: any) => P;

/** A plugin: a named plain object, usually returned by a factory function of the plugin package. */
export interface StrataPlugin {
  readonly meta: { readonly name: string; readonly version: string; readonly namespace: string };
  /** The semver range of @strata/core this plugin works with, e.g. '^0.1.0'. */
  readonly strata: string;
  /** Namespaces of plugins that must be used first. */
  readonly dependencies?: readonly string[];
  readonly architectures?: Readonly<Record<string, Factory<Architecture>>>;
  readonly layers?: Readonly<Record<string, Factory<Layer>>>;
  readonly losses?: Readonly<Record<string, Factory<Loss>>>;
  readonly metrics?: Readonly<Record<string, Factory<Metric<unknown, unknown>>>>;
  readonly optimizers?: Readonly<Record<string, Factory<GradientTransformation<unknown>>>>;
  readonly augmentations?: Readonly<Record<string, Factory<unknown>>>;
  readonly datasets?: Readonly<Record<string, Factory<unknown>>>;
  readonly callbacks?: Readonly<Record<string, Factory<Callback>>>;
  readonly backends?: Readonly<Record<string, Factory<unknown>>>;
  /** Training steps (issue-7 `TrainingStep`s) by name; each factory takes a `StepEntryInput`. */
  readonly steps?: Readonly<Record<string, Factory<TrainingStep<unknown>>>>;
}

/** One registered entry. `ref` ('namespace/entry@version') is what saved models record. */
export interface RegistryEntry {
  readonly id: string;
  readonly kind: EntryKind;
  readonly plugin: string;
  readonly version: string;
  readonly ref: string;
  readonly factory: Factory<unknown>;
}

export interface Registry {
  /** Registers a plugin's entries. Using the same plugin version twice is a no-op. */
  use(plugin: StrataPlugin): Registry;
  has(id: string): boolean;
  get(id: string): RegistryEntry;
  list(kind?: EntryKind): RegistryEntry[];
  /** Calls the entry's factory with `options`. */
  create<Id extends string>(id: Id, options: Id extends KnownId ? OptionsOf<Id> : unknown): ProductOf<Id>;
  /** The plugins in use, by namespace. */
  plugins(): ReadonlyMap<string, StrataPlugin>;
}

const NAMESPACE = /^[a-z][a-z0-9-]*$/;
const ENTRY = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

/**
 * Declares a plugin. Checks its shape now, so a malformed plugin fails where it is written.
 *
 * @example
 * export const myPlugin = (): StrataPlugin =>
 *   definePlugin({ meta: { name: 'my-plugin', version: '1.0.0', namespace: 'my' }, strata: '^0.1.0', layers: { identity } });
 */
export function definePlugin<P extends StrataPlugin>(plugin: P): P {
  const label = `definePlugin(${JSON.stringify(plugin?.meta?.name ?? '?')})`;
  const { meta } = plugin;
  if (!meta || typeof meta.name !== 'string' || meta.name === '') {
    throw new PluginError(label, 'meta.name must be a non-empty string (the npm package name)');
  }
  if (!semver.valid(meta.version)) {
    throw new PluginError(
      label,
      `meta.version must be a semver version like '1.0.0', got ${JSON.stringify(meta.version)}`,
    );
  }
  if (!NAMESPACE.test(meta.namespace)) {
    throw new PluginError(
      label,
      `meta.namespace must match ${NAMESPACE} (lower-case, e.g. 'gan'), got ${JSON.stringify(meta.namespace)}`,
    );
  }
  if (typeof plugin.strata !== 'string' || semver.validRange(plugin.strata) === null) {
    throw new PluginError(
      label,
      `strata must be a semver range of @strata/core like '^${VERSION}', got ${JSON.stringify(plugin.strata)}`,
    );
  }
  for (const kind of ENTRY_KINDS) {
    for (const [name, factory] of Object.entries(plugin[kind] ?? {})) {
      if (!ENTRY.test(name)) throw new PluginError(label, `${kind} entry name '${name}' must match ${ENTRY}`);
      if (typeof factory !== 'function') {
        throw new PluginError(label, `${kind}.${name} must be a factory function, got ${typeof factory}`);
      }
    }
  }
  return plugin;
}

/** A fresh, empty registry (tests and isolated apps). Most code uses `defaultRegistry()`. */
export function createRegistry(coreVersion: string = VERSION): Registry {
  const entries = new Map<string, RegistryEntry>();
  const plugins = new Map<string, StrataPlugin>();

  const registry: Registry = {
    use(plugin) {
      definePlugin(plugin);
      const { name, version, namespace } = plugin.meta;
      const label = `registry.use(${name}@${version})`;
      const existing = plugins.get(namespace);
      if (existing) {
        if (existing.meta.name === name && existing.meta.version === version) return registry;
        throw new PluginError(
          label,
          `namespace '${namespace}' is already taken by ${existing.meta.name}@${existing.meta.version}; use one version of a plugin per registry, or give this plugin another namespace`,
        );
      }
      if (!semver.satisfies(coreVersion, plugin.strata, { includePrerelease: true })) {
        throw new PluginError(
          label,
          `needs @strata/core ${plugin.strata}, but this is @strata/core ${coreVersion}; install a version of ${name} made for @strata/core ${coreVersion}, or a @strata/core in ${plugin.strata}`,
        );
      }
      const missing = (plugin.dependencies ?? []).filter((ns) => !plugins.has(ns));
      if (missing.length > 0) {
        throw new PluginError(
          label,
          `depends on the plugin namespace${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not in use; call registry.use() with ${missing.length > 1 ? 'those plugins' : 'that plugin'} first`,
        );
      }
      const added: RegistryEntry[] = [];
      for (const kind of ENTRY_KINDS) {
        for (const [entry, factory] of Object.entries(plugin[kind] ?? {})) {
          const id = `${namespace}/${entry}`;
          const clash = entries.get(id) ?? added.find((e) => e.id === id);
          if (clash) {
            throw new PluginError(
              label,
              `id '${id}' is defined twice (${clash.kind} and ${kind}); give each entry its own name`,
            );
          }
          added.push({ id, kind, plugin: name, version, ref: `${id}@${version}`, factory });
        }
      }
      plugins.set(namespace, plugin);
      for (const e of added) entries.set(e.id, e);
      return registry;
    },
    has: (id) => entries.has(id),
    get(id) {
      const entry = entries.get(id);
      if (entry) return entry;
      const ns = id.split('/')[0] ?? id;
      const hint = plugins.has(ns)
        ? `plugin namespace '${ns}' is in use but has no entry '${id}'; it has ${[...entries.keys()].filter((k) => k.startsWith(`${ns}/`)).join(', ') || 'no entries'}`
        : `no plugin with namespace '${ns}' is in use; install the plugin that provides it and call registry.use(plugin())`;
      throw new PluginError(`registry.get('${id}')`, hint);
    },
    list: (kind) => [...entries.values()].filter((e) => kind === undefined || e.kind === kind),
    create(id, options) {
      return registry.get(id).factory(options) as never;
    },
    plugins: () => plugins,
  };
  return registry;
}

const SLOT = Symbol.for('strata.registry');

/**
 * The process-wide registry, kept on `globalThis` under `Symbol.for('strata.registry')` so that two
 * installed copies of @strata/core share it.
 */
export function defaultRegistry(): Registry {
  const g = globalThis as { [SLOT]?: Registry };
  g[SLOT] ??= createRegistry();
  return g[SLOT];
}
