import type { BackendSpec } from './define-backend.js';

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

/** What a backend package's failure to import means, and what to do about it. */
export function loadFailureReason(spec: BackendSpec, error: unknown): { reason: string; missing: boolean } {
  const install = `npm install ${spec.package}`;
  if (isMissingPackage(error, spec.package)) {
    const needs = spec.needs === undefined ? '' : ` (${spec.needs})`;
    return { reason: `package ${spec.package} is not installed: ${install}${needs}`, missing: true };
  }
  const message = errorMessage(error);
  return {
    reason:
      spec.loadFailure?.(message) ??
      `package ${spec.package} failed to load: ${message} (reinstall with ${install})`,
    missing: false,
  };
}
