import type { BackendName } from './backend-loaders.js';

/** What Strata knows about each backend package (internal). */
export interface BackendSpec {
  /** The npm package that provides it. */
  readonly package: string;
  /** The name the package registers with tfjs-core. */
  readonly tfjsName: string;
  /** Where it can run at all. */
  readonly runtime: 'node' | 'browser' | 'any';
  /** Where its kernels run when it works as intended. */
  readonly device: 'cpu' | 'gpu';
  /** Reads the package version from its module namespace. */
  readonly versionOf: (mod: unknown) => string | null;
  /** What else installing it needs, appended to the install command. */
  readonly needs?: string;
}

function field(mod: unknown, ...path: string[]): string | null {
  let value: unknown = mod;
  for (const key of path) {
    if (value == null || (typeof value !== 'object' && typeof value !== 'function')) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : null;
}

// tfjs-node exports `version` as an object of package versions (it re-exports @tensorflow/tfjs's);
// the GPU build is the same source published under another name.
const nativeVersion = (mod: unknown) =>
  field(mod, 'version', 'tfjs-node') ?? field(mod, 'version', 'tfjs-node-gpu') ?? field(mod, 'version');

// The CUDA and cuDNN versions that libtensorflow 2.x as used by tfjs-node 4.x requires (tfjs-node
// README, "GPU support": CUDA Toolkit 11.2, cuDNN SDK 8.1.0, NVIDIA driver > 450).
export const CUDA_REQUIREMENT = 'an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1';

export const BACKEND_SPECS: Readonly<Record<BackendName, BackendSpec>> = {
  cpu: {
    package: '@tensorflow/tfjs-backend-cpu',
    tfjsName: 'cpu',
    runtime: 'any',
    device: 'cpu',
    versionOf: (mod) => field(mod, 'version_cpu'),
  },
  wasm: {
    package: '@tensorflow/tfjs-backend-wasm',
    tfjsName: 'wasm',
    runtime: 'any',
    device: 'cpu',
    versionOf: (mod) => field(mod, 'version_wasm'),
  },
  node: {
    package: '@tensorflow/tfjs-node',
    tfjsName: 'tensorflow',
    runtime: 'node',
    device: 'cpu',
    versionOf: nativeVersion,
  },
  'node-gpu': {
    package: '@tensorflow/tfjs-node-gpu',
    tfjsName: 'tensorflow',
    runtime: 'node',
    device: 'gpu',
    versionOf: nativeVersion,
    needs: `needs ${CUDA_REQUIREMENT}`,
  },
  webgl: {
    package: '@tensorflow/tfjs-backend-webgl',
    tfjsName: 'webgl',
    runtime: 'browser',
    device: 'gpu',
    versionOf: (mod) => field(mod, 'version_webgl'),
  },
  webgpu: {
    package: '@tensorflow/tfjs-backend-webgpu',
    tfjsName: 'webgpu',
    runtime: 'any',
    device: 'gpu',
    versionOf: (mod) => field(mod, 'version_webgpu'),
  },
};

/** The order `'auto'` tries, fastest first; each is used only if it initialises. */
export const AUTO_ORDER: Readonly<Record<'node' | 'browser', readonly BackendName[]>> = {
  node: ['node-gpu', 'node', 'wasm', 'cpu'],
  browser: ['webgpu', 'webgl', 'wasm', 'cpu'],
};
