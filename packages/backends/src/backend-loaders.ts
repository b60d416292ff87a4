import { BUILTIN_BACKENDS } from './specs/index.js';

/** The backends Strata ships. `node` and `node-gpu` both register tfjs's `tensorflow` backend. */
export type BuiltinBackendName = 'cpu' | 'wasm' | 'node' | 'node-gpu' | 'webgl' | 'webgpu';

/**
 * A backend's name: a built-in one, or one a plugin added with `defineBackend` (checked against the
 * backends known when it is used).
 */
export type BackendName = BuiltinBackendName | (string & {});

/** What `useBackend` accepts: a backend by name, or `'auto'` for the fastest that works here. */
export type BackendChoice = BackendName | 'auto';

/**
 * The names of Strata's own backends (for option validation and command-line choices; plugins may add
 * more, which `listBackends` reports).
 *
 * @example
 * ```ts
 * import { BACKEND_NAMES } from '@strata/backends';
 * BACKEND_NAMES.includes('wasm'); // => true
 * ```
 */
export const BACKEND_NAMES: readonly BuiltinBackendName[] = BUILTIN_BACKENDS.map(
  (spec) => spec.name as BuiltinBackendName,
);

/**
 * Imports one backend package and resolves to its module namespace. Importing a tfjs backend package
 * registers its backend with tfjs-core (that side effect is the package's, not Strata's).
 */
export type BackendLoader = () => Promise<unknown>;

/** One loader per backend name; tests and bundled apps replace some of them. */
export type BackendLoaders = Readonly<Record<BuiltinBackendName, BackendLoader>>;

/**
 * The loaders of the built-in backends (each spec's `load`): static imports for the two real
 * dependencies (`cpu`, `wasm`), so bundlers include them, and untraced dynamic imports for the optional
 * peers.
 *
 * @example
 * ```ts
 * import { createBackendSelector, defaultBackendLoaders } from '@strata/backends';
 * const selector = createBackendSelector({
 *   loaders: { ...defaultBackendLoaders, webgl: () => import('@tensorflow/tfjs-backend-webgl') },
 * });
 * ```
 */
export const defaultBackendLoaders: BackendLoaders = Object.fromEntries(
  BUILTIN_BACKENDS.map((spec) => [spec.name, spec.load]),
) as Record<BuiltinBackendName, BackendLoader>;
