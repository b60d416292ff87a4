import type { Registry } from '@strata/core';
import type { BackendLoader, BackendName } from './backend-loaders.js';
import type { BackendSpec, WasmPaths } from './define-backend.js';

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
  /** Replace some package loaders by backend name (tests inject fakes; bundled apps pass static imports). */
  readonly loaders?: Readonly<Partial<Record<BackendName, BackendLoader>>>;
  /** Backends of this selector's own, next to the built-ins and the registry's (made with `defineBackend`). */
  readonly backends?: readonly BackendSpec[];
  /** Where plugins' backends are found (default `defaultRegistry()` of @strata/core), read at each call. */
  readonly registry?: Registry;
  /** Select as in a browser (webgpu > webgl > wasm > cpu) or as in Node; detected by default. */
  readonly isBrowser?: boolean;
  /** Called after the backend is set when `training` is true; defaults to Strata's gradient and kernel registration. */
  readonly registerTraining?: (backend: BackendName) => void | Promise<void>;
}

/** `useBackend` and `listBackends` over one loader table and environment. */
export interface BackendSelector {
  useBackend(name: BackendName | 'auto', options?: UseBackendOptions): Promise<BackendInfo>;
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
