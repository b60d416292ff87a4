// The doc-tests import what a code block imports from here, so that bare specifiers resolve like a
// user's project that installed the documented packages (this workspace package depends on each).
export function importModule(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

// The runner too: scripts/ has no dependency of its own on @strata/core.
export { runExampleAsync } from '@strata/core/testing';
