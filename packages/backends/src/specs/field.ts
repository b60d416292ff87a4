/** The string at `path` inside a module namespace, or `null` (version fields of backend packages). */
export function field(mod: unknown, ...path: string[]): string | null {
  let value: unknown = mod;
  for (const key of path) {
    if (value == null || (typeof value !== 'object' && typeof value !== 'function')) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : null;
}
