import type { BackendName } from './backend-loaders.js';
import { BACKEND_SPECS, CUDA_REQUIREMENT } from './backend-specs.js';

/** The message of anything thrown, on one line. */
export function errorMessage(error: unknown): string {
  const text =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

// How each runtime says a bare specifier does not resolve: Node ESM "Cannot find package 'x'",
// CommonJS and webpack "Cannot find module 'x'", vite/vitest 'Could not resolve "x"' or 'Failed to
// resolve import "x"', browsers 'Failed to resolve module specifier "x"'. The package name must be
// quoted exactly: a missing *file inside* the package (tfjs-node's `tfjs_binding.node`) means the
// package is installed but broken, not absent.
const NOT_FOUND = /cannot find (package|module)|could not resolve|failed to resolve/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether `error` says that `packageName` itself is not installed. */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  const message = errorMessage(error);
  const code = (error as { code?: unknown } | null)?.code;
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || NOT_FOUND.test(message);
  return notFound && new RegExp(`['"\`]${escapeRegExp(packageName)}['"\`]`).test(message);
}

// libtensorflow's GPU build names the CUDA library it could not open (libcudart.so.11.0,
// libcudnn.so.8, …) or reports a driver/runtime version mismatch.
const CUDA_FAILURE = /cud(a|nn|art)|cublas|cufft|curand|cusolver|cusparse|nvidia/i;

/** What a backend package's failure to import means, and what to do about it. */
export function loadFailureReason(name: BackendName, error: unknown): { reason: string; missing: boolean } {
  const spec = BACKEND_SPECS[name];
  const install = `npm install ${spec.package}`;
  if (isMissingPackage(error, spec.package)) {
    const needs = spec.needs === undefined ? '' : ` (${spec.needs})`;
    return { reason: `package ${spec.package} is not installed: ${install}${needs}`, missing: true };
  }
  const message = errorMessage(error);
  if (spec.runtime === 'node') {
    if (name === 'node-gpu' && CUDA_FAILURE.test(message)) {
      return {
        reason: `CUDA failed to load: ${message} (${spec.package} needs ${CUDA_REQUIREMENT}; check the installed versions and LD_LIBRARY_PATH)`,
        missing: false,
      };
    }
    return {
      reason: `libtensorflow failed to load: ${message} (reinstall with ${install}; its install script downloads libtensorflow)`,
      missing: false,
    };
  }
  return {
    reason: `package ${spec.package} failed to load: ${message} (reinstall with ${install})`,
    missing: false,
  };
}
