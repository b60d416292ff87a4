import { ConfigError, PluginError, type Registry } from '@strata/core';
import { type BackendRuntime, type BackendSpec, defineBackend } from './define-backend.js';
import { errorMessage } from './load-failure.js';
import { BUILTIN_BACKENDS } from './specs/index.js';

/** The backends a selector knows, by name, in definition order. */
export type BackendList = ReadonlyMap<string, BackendSpec>;

/**
 * Strata's built-ins, then `extra` (a selector's own), then every `backends` entry of the plugins in
 * `registry` (when given). A plugin's factory is called with no options and must return a spec (made with
 * `defineBackend`) named as its entry; two backends with one name are an error, not a silent override.
 */
export function collectBackends(extra: readonly BackendSpec[], registry?: Registry): BackendList {
  const byName = new Map<string, BackendSpec>();
  const origin = new Map<string, string>();
  const add = (spec: BackendSpec, from: string) => {
    const existing = byName.get(spec.name);
    if (existing === spec) return;
    if (existing !== undefined) {
      throw new ConfigError(
        'backends',
        `backend '${spec.name}' is defined twice (by ${origin.get(spec.name)} and by ${from}); give one of them another name`,
      );
    }
    byName.set(spec.name, spec);
    origin.set(spec.name, from);
  };
  for (const spec of BUILTIN_BACKENDS) add(spec, '@strata/backends');
  for (const spec of extra) add(defineBackend(spec), 'createBackendSelector({backends})');
  for (const entry of registry?.list('backends') ?? []) {
    const from = `plugin ${entry.plugin} (${entry.id})`;
    let spec: BackendSpec;
    try {
      spec = defineBackend(entry.factory(undefined) as BackendSpec);
    } catch (error) {
      throw new PluginError(
        `backends: ${entry.id}`,
        `its factory must return a backend spec made with defineBackend: ${errorMessage(error)}`,
      );
    }
    const entryName = entry.id.slice(entry.id.indexOf('/') + 1);
    if (spec.name !== entryName) {
      throw new PluginError(
        `backends: ${entry.id}`,
        `the entry returns backend '${spec.name}'; name the entry after its backend: backends: { '${spec.name}': () => spec }`,
      );
    }
    add(spec, from);
  }
  return byName;
}

const rank = (spec: BackendSpec, runtime: BackendRuntime) => spec.priority?.[runtime];

/** The order `'auto'` tries in `runtime`: every backend with a priority there, highest first. */
export function autoOrder(backends: BackendList, runtime: BackendRuntime): BackendSpec[] {
  return [...backends.values()]
    .filter((spec) => rank(spec, runtime) !== undefined)
    .sort((a, b) => (rank(b, runtime) ?? 0) - (rank(a, runtime) ?? 0));
}

/**
 * The order `listBackends` reports: the auto order here, then the backends of the other runtime by
 * their priority there, then those `'auto'` never picks, as defined.
 */
export function listOrder(backends: BackendList, runtime: BackendRuntime): BackendSpec[] {
  const other: BackendRuntime = runtime === 'node' ? 'browser' : 'node';
  const auto = autoOrder(backends, runtime);
  const rest = [...backends.values()].filter((spec) => !auto.includes(spec));
  const elsewhere = rest
    .filter((spec) => rank(spec, other) !== undefined)
    .sort((a, b) => (rank(b, other) ?? 0) - (rank(a, other) ?? 0));
  return [...auto, ...elsewhere, ...rest.filter((spec) => !elsewhere.includes(spec))];
}
