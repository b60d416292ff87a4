import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Presets are config files (packages/cli/presets/*.json) that name registry entries by id, shipped
// with the package; the same folder from src/ (tests) and dist/ (the published command).
const PRESET_DIR = new URL('../presets/', import.meta.url);

/** The names of the shipped presets, e.g. 'mnist-cnn'. */
export function presetNames(): string[] {
  return readdirSync(fileURLToPath(PRESET_DIR))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A preset's config fields. */
export function readPreset(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.json`, PRESET_DIR), 'utf8')) as Record<string, unknown>;
}
