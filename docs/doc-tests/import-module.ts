// The doc-tests import what a code block imports from here, so that bare specifiers resolve like a
// user's project that installed the documented packages (this workspace package depends on each).
// Plugins (plugins/*, published as @strata/plugin-<name>) are not dependencies of the docs package, so
// that a new plugin needs no edit here: their README blocks import them from the workspace directly.
export function importModule(specifier: string): Promise<unknown> {
  const plugin = /^@strata\/plugin-([\w-]+)$/.exec(specifier);
  if (plugin) return import(/* @vite-ignore */ `../../plugins/${plugin[1]}/src/index.ts`);
  return import(/* @vite-ignore */ specifier);
}

// The runner too: scripts/ has no dependency of its own on @strata/core.
export { runExampleAsync } from '@strata/core/testing';
