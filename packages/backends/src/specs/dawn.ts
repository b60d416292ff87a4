import { errorMessage, isMissingPackage } from '../load-failure.js';
import { importOptional } from './native.js';

// WebGPU in Node comes from the npm package `webgpu` (Dawn's node binding, its binary inside the
// package). On Linux Dawn drives the GPU through Vulkan, which needs two things the package cannot
// bring: the Vulkan loader (libvulkan.so.1) and a driver for the GPU (an ICD, found through the JSON
// manifests in the icd.d folders or the files VK_ICD_FILENAMES names). These helpers set WebGPU up
// for tfjs-backend-webgpu and, when no adapter appears, say which of those pieces is missing.

/** The npm package that brings WebGPU to Node. */
export const DAWN_PACKAGE = 'webgpu';

/** Prefix of the error `installDawn` throws when the package is absent (the spec reports it as is). */
export const DAWN_MISSING = `package ${DAWN_PACKAGE} is not installed`;

type DawnModule = {
  create(flags: string[]): { requestAdapter(options?: unknown): Promise<unknown> };
  globals: Record<string, unknown>;
};

/**
 * In Node, before tfjs-backend-webgpu is imported (it registers its backend only where
 * `navigator.gpu` exists): gives `globalThis.navigator` a `gpu` from Dawn and defines the WebGPU
 * classes (`GPUBufferUsage`, …) tfjs uses as globals. Does nothing where `navigator.gpu` exists.
 * `importDawn` replaces the import (tests).
 */
export async function installDawn(
  importDawn: () => Promise<unknown> = importOptional(DAWN_PACKAGE),
): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu != null) return;
  let dawn: DawnModule;
  try {
    dawn = (await importDawn()) as DawnModule;
  } catch (error) {
    if (isMissingPackage(error, DAWN_PACKAGE)) {
      throw new Error(
        `${DAWN_MISSING}: npm install ${DAWN_PACKAGE} (Dawn's WebGPU for Node — on Linux it also needs a Vulkan loader and driver)`,
      );
    }
    throw new Error(
      `package ${DAWN_PACKAGE} failed to load: ${errorMessage(error)} (reinstall it: npm install ${DAWN_PACKAGE})`,
    );
  }
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis))
      Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  const gpu = dawn.create([]);
  if (g.navigator == null) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    // Node 21+ has a global `navigator` without `gpu`.
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

/** What `diagnoseNoAdapter` looks at; tests pass a fake machine. */
export interface VulkanEnvironment {
  readonly platform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a file exists. */
  exists(path: string): boolean;
  /** The file names in a folder (empty when it does not exist). */
  list(folder: string): readonly string[];
}

// Where the loader and the driver manifests live on Linux (the Vulkan loader's documented search
// paths; Debian/Ubuntu put the multiarch library folder first).
const LIBRARY_FOLDERS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib64',
  '/lib',
  '/usr/local/lib',
];
const ICD_FOLDERS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

const SOFTWARE_HINT =
  "for a software adapter (correctness only, not speed) point VK_ICD_FILENAMES at Chromium's vk_swiftshader_icd.json (Debian: apt-get install chromium, then /usr/lib/chromium/vk_swiftshader_icd.json)";

/**
 * Why Dawn found no WebGPU adapter in Node, naming the missing piece and what to install: the Vulkan
 * loader, a driver (ICD), or, when both are present, that no driver suits WebGPU.
 */
export function diagnoseNoAdapter(machine: VulkanEnvironment, detail: string): string {
  const prefix = `no WebGPU adapter (${detail})`;
  if (machine.platform !== 'linux') {
    return `${prefix}: Dawn found no GPU it supports (Metal on macOS, Direct3D 12 on Windows) — update the GPU driver`;
  }
  const ldPath = (machine.env.LD_LIBRARY_PATH ?? '').split(':').filter((p) => p !== '');
  const loaderFolders = [...ldPath, ...LIBRARY_FOLDERS];
  if (!loaderFolders.some((folder) => machine.exists(`${folder}/libvulkan.so.1`))) {
    return `${prefix}: no Vulkan loader (libvulkan.so.1 is not in LD_LIBRARY_PATH or the system library folders) — install it (Debian/Ubuntu: apt-get install libvulkan1) and a Vulkan driver for the GPU`;
  }
  // The loader reads VK_DRIVER_FILES first and treats an empty variable as unset.
  const variable = machine.env.VK_DRIVER_FILES ? 'VK_DRIVER_FILES' : 'VK_ICD_FILENAMES';
  const named = (machine.env[variable] ?? '').split(':').filter((p) => p !== '');
  if (named.length > 0) {
    const absent = named.filter((file) => !machine.exists(file));
    if (absent.length === named.length) {
      return `${prefix}: no Vulkan driver: ${variable} names ${absent.join(', ')}, which does not exist — point it at a driver manifest (an ICD .json) or unset it to use the installed drivers`;
    }
    return `${prefix}: the Vulkan drivers ${variable} names (${named.join(', ')}) gave Dawn no usable adapter — point it at another driver, or ${SOFTWARE_HINT}`;
  }
  const manifests = ICD_FOLDERS.flatMap((folder) =>
    machine
      .list(folder)
      .filter((f) => f.endsWith('.json'))
      .map((f) => `${folder}/${f}`),
  );
  if (manifests.length === 0) {
    return `${prefix}: no Vulkan driver (no ICD manifest in ${ICD_FOLDERS.join(', ')}) — install the GPU's Vulkan driver (NVIDIA's driver, or Debian: apt-get install mesa-vulkan-drivers), or ${SOFTWARE_HINT}`;
  }
  return `${prefix}: the installed Vulkan drivers (${manifests.map((m) => m.slice(m.lastIndexOf('/') + 1)).join(', ')}) gave Dawn no adapter it supports (no GPU for them here, or one too old for WebGPU) — install the Vulkan driver for this machine's GPU, or ${SOFTWARE_HINT}`;
}

/** The real machine, read through `node:fs` (imported only in Node). */
export async function nodeVulkanEnvironment(): Promise<VulkanEnvironment> {
  // Through a variable: browser bundles must not try to include node:fs.
  const nodeFs = 'node:fs';
  const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ nodeFs)) as typeof import('node:fs');
  const proc = (globalThis as { process?: { platform: string; env: Record<string, string | undefined> } })
    .process;
  return {
    platform: proc?.platform ?? 'unknown',
    env: proc?.env ?? {},
    exists: (path) => fs.existsSync(path),
    list: (folder) => {
      try {
        return fs.readdirSync(folder);
      } catch {
        return [];
      }
    },
  };
}
