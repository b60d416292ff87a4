import type { BackendSpec } from '../define-backend.js';
import { webglBackend, webgpuBackend } from './browser.js';
import { cpuBackend } from './cpu.js';
import { nodeBackend, nodeGpuBackend } from './native.js';
import { wasmBackend } from './wasm.js';

/** Strata's own backends, in the order `useBackend`'s errors list them. */
export const BUILTIN_BACKENDS: readonly BackendSpec[] = [
  cpuBackend,
  wasmBackend,
  nodeBackend,
  nodeGpuBackend,
  webglBackend,
  webgpuBackend,
];
