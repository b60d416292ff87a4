import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, type Registry, type StrataPlugin } from '@strata/core';

/** A plugin package found on disk: its name, version and the file URL of its entry module. */
export interface PluginModule {
  readonly name: string;
  readonly version: string;
  readonly url: string;
}

/** The ESM entry of a package.json: `exports['.']` (import or default condition), else `module`, else `main`. */
function entryOf(pkg: Record<string, unknown>): string | undefined {
  const exp = pkg.exports as unknown;
  const dot = typeof exp === 'string' ? exp : ((exp as Record<string, unknown> | undefined)?.['.'] ?? exp);
  const pick = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const c = v as Record<string, unknown>;
      return pick(c.import) ?? pick(c.node) ?? pick(c.default);
    }
    return undefined;
  };
  return (
    pick(dot) ??
    (typeof pkg.module === 'string' ? pkg.module : undefined) ??
    (typeof pkg.main === 'string' ? pkg.main : undefined)
  );
}

/**
 * Finds an installed plugin package the way Node would from each folder of `from` in turn (the
 * config file's folder, then the working directory: node_modules folders up to the root), or a path
 * to a package folder. A name that is not installed is a labelled error saying how to install it.
 */
export function findPlugin(spec: string, from: readonly string[]): PluginModule {
  const label = `plugin ${spec}`;
  const candidates: string[] = [];
  for (const base of from) {
    if (spec.startsWith('.') || spec.startsWith('/')) candidates.push(resolve(base, spec));
    else {
      for (let dir = resolve(base); ; dir = dirname(dir)) {
        candidates.push(join(dir, 'node_modules', spec));
        if (dirname(dir) === dir) break;
      }
    }
  }
  const folder = candidates.find((c) => existsSync(join(c, 'package.json')));
  if (!folder) {
    throw new ConfigError(
      label,
      `no package '${spec}' is installed here (looked in node_modules from ${from.join(' and ')} up); npm install ${spec} first`,
    );
  }
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<string, unknown>;
  const entry = entryOf(pkg);
  if (!entry)
    throw new ConfigError(label, `${folder}/package.json names no entry module (exports, module or main)`);
  return {
    name: typeof pkg.name === 'string' ? pkg.name : spec,
    version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
    url: pathToFileURL(join(folder, entry)).href,
  };
}

/**
 * Imports a plugin module and adds its plugin to `registry`. The module's default export (or its
 * export `plugin`) is the plugin object or a function returning it.
 */
export async function usePlugin(registry: Registry, plugin: PluginModule): Promise<void> {
  const label = `plugin ${plugin.name}`;
  const mod = (await import(plugin.url)) as Record<string, unknown>;
  const exported = mod.default ?? mod.plugin;
  const value = (typeof exported === 'function' ? (exported as () => unknown)() : exported) as
    | StrataPlugin
    | undefined;
  if (!value || typeof value !== 'object' || !('meta' in value)) {
    throw new ConfigError(
      label,
      `${plugin.url} exports no plugin: export default a StrataPlugin (definePlugin({ meta, strata, ... })) or a function returning one`,
    );
  }
  registry.use(value);
}
