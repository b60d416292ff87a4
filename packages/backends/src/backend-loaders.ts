/** A backend Strata can select. `node` and `node-gpu` both register tfjs's `tensorflow` backend. */
export type BackendName = 'cpu' | 'wasm' | 'node' | 'node-gpu' | 'webgl' | 'webgpu';

/** What `useBackend` accepts: a backend by name, or `'auto'` for the fastest that works here. */
export type BackendChoice = BackendName | 'auto';

/**
 * Every backend name Strata knows (for option validation and command-line choices).
 *
 * @example
 * ```ts
 * import { BACKEND_NAMES } from '@strata/backends';
 * BACKEND_NAMES.includes('wasm'); // true
 * ```
 */
export const BACKEND_NAMES: readonly BackendName[] = ['node-gpu', 'node', 'webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * Imports one backend package and resolves to its module namespace. Importing a tfjs backend package
 * registers its backend with tfjs-core (that side effect is the package's, not Strata's).
 */
export type BackendLoader = () => Promise<unknown>;

/** One loader per backend name; tests and bundled apps replace some of them. */
export type BackendLoaders = Readonly<Record<BackendName, BackendLoader>>;

// Optional peers are imported through a variable so that bundlers neither try to bundle the native
// packages (they cannot run in a browser) nor fail the build when an optional package is absent. An
// app that bundles webgl or webgpu either imports the package itself before calling `useBackend`
// (Strata then finds the registered backend) or passes a loader: `{ webgl: () => import('…') }`.
function importOptional(specifier: string): BackendLoader {
  return () => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}

/**
 * The loaders `useBackend` and `listBackends` use: static imports for the two real dependencies
 * (`cpu`, `wasm`), so bundlers include them, and untraced dynamic imports for the optional peers.
 *
 * @example
 * ```ts
 * import { createBackendSelector, defaultBackendLoaders } from '@strata/backends';
 * const selector = createBackendSelector({
 *   loaders: { ...defaultBackendLoaders, webgl: () => import('@tensorflow/tfjs-backend-webgl') },
 * });
 * ```
 */
export const defaultBackendLoaders: BackendLoaders = {
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  node: importOptional('@tensorflow/tfjs-node'),
  'node-gpu': importOptional('@tensorflow/tfjs-node-gpu'),
  webgl: importOptional('@tensorflow/tfjs-backend-webgl'),
  webgpu: importOptional('@tensorflow/tfjs-backend-webgpu'),
};
