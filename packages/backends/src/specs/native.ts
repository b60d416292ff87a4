import { defineBackend } from '../define-backend.js';
import { isMissingPackage } from '../load-failure.js';
import { field } from './field.js';

// The CUDA and cuDNN versions that libtensorflow 2.x as used by tfjs-node 4.x requires (tfjs-node
// README, "GPU support": CUDA Toolkit 11.2, cuDNN SDK 8.1.0, NVIDIA driver > 450).
export const CUDA_REQUIREMENT = 'an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1';

// libtensorflow's GPU build names the CUDA library it could not open (libcudart.so.11.0,
// libcudnn.so.8, …) or reports a driver/runtime version mismatch.
const CUDA_FAILURE = /cud(a|nn|art)|cublas|cufft|curand|cusolver|cusparse|nvidia/i;

// tfjs-node exports `version` as an object of package versions (it re-exports @tensorflow/tfjs's);
// the GPU build is the same source published under another name.
const nativeVersion = (mod: unknown) =>
  field(mod, 'version', 'tfjs-node') ?? field(mod, 'version', 'tfjs-node-gpu') ?? field(mod, 'version');

// Optional peers are imported through a variable so that bundlers neither try to bundle the native
// packages (they cannot run in a browser) nor fail the build when an optional package is absent.
// In Node, a package that does not resolve from @strata/backends' own folder is looked up from the
// working directory too: the application installed it there, and a package manager that isolates
// dependencies (pnpm, workspaces) does not always link an optional peer next to @strata/backends.
export function importOptional(specifier: string): () => Promise<unknown> {
  return async () => {
    try {
      return await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
    } catch (error) {
      if (!isMissingPackage(error, specifier)) throw error;
      const fromApp = await importFromWorkingDirectory(specifier);
      if (fromApp === undefined) throw error;
      return fromApp;
    }
  };
}

async function importFromWorkingDirectory(specifier: string): Promise<unknown> {
  const proc = (globalThis as { process?: { versions?: { node?: string }; cwd(): string } }).process;
  if (proc?.versions?.node === undefined) return undefined;
  const nodeModule = 'node:module';
  const nodeUrl = 'node:url';
  const { createRequire } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ nodeModule)) as {
    createRequire(from: string): { resolve(id: string): string };
  };
  const { pathToFileURL } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ nodeUrl)) as {
    pathToFileURL(path: string): URL;
  };
  let path: string;
  try {
    path = createRequire(`${proc.cwd()}/`).resolve(specifier);
  } catch {
    return undefined;
  }
  return import(/* @vite-ignore */ /* webpackIgnore: true */ pathToFileURL(path).href);
}

const libtensorflowFailure = (pkg: string) => (message: string) =>
  `libtensorflow failed to load: ${message} (reinstall with npm install ${pkg}; its install script downloads libtensorflow)`;

const isGpuBuild = (backend: unknown) => (backend as { isGPUPackage?: unknown } | null)?.isGPUPackage;

const native = {
  tfjsName: 'tensorflow',
  runtime: 'node',
  runtimeReason: 'it binds the native libtensorflow',
  version: nativeVersion,
} as const;

/** @tensorflow/tfjs-node: native libtensorflow on the CPU (its install downloads it). */
export const nodeBackend = defineBackend({
  ...native,
  name: 'node',
  package: '@tensorflow/tfjs-node',
  device: 'cpu',
  priority: { node: 30 },
  load: importOptional('@tensorflow/tfjs-node'),
  loadFailure: libtensorflowFailure('@tensorflow/tfjs-node'),
  identify: (backend) => isGpuBuild(backend) === false,
  // TensorFlow's prebuilt CPU kernels have used AVX since TF 1.6 (its release notes).
  describe: () => ({ simd: true }),
});

/** @tensorflow/tfjs-node-gpu: libtensorflow with CUDA; runs on the CPU when no GPU is usable. */
export const nodeGpuBackend = defineBackend({
  ...native,
  name: 'node-gpu',
  package: '@tensorflow/tfjs-node-gpu',
  device: 'gpu',
  priority: { node: 40 },
  needs: `needs ${CUDA_REQUIREMENT}`,
  load: importOptional('@tensorflow/tfjs-node-gpu'),
  loadFailure: (message) =>
    CUDA_FAILURE.test(message)
      ? `CUDA failed to load: ${message} (@tensorflow/tfjs-node-gpu needs ${CUDA_REQUIREMENT}; check the installed versions and LD_LIBRARY_PATH)`
      : libtensorflowFailure('@tensorflow/tfjs-node-gpu')(message),
  identify: (backend) => isGpuBuild(backend) === true,
  describe: ({ backend }) =>
    (backend as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true
      ? { simd: true }
      : { simd: true, device: 'cpu', notes: ['TensorFlow found no usable CUDA GPU, so it runs on the CPU'] },
});
