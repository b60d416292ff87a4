import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAWN_MISSING, diagnoseNoAdapter, installDawn, type VulkanEnvironment } from './dawn.js';

// A Linux machine described by the files it has; every diagnosis is read from these, never from the
// machine the test runs on.
function machine(
  files: readonly string[],
  env: Record<string, string> = {},
  platform = 'linux',
): VulkanEnvironment {
  return {
    platform,
    env,
    exists: (path) => files.includes(path),
    list: (folder) => files.filter((f) => f.startsWith(`${folder}/`)).map((f) => f.slice(folder.length + 1)),
  };
}

const LOADER = '/usr/lib/x86_64-linux-gnu/libvulkan.so.1';
const detail = 'requestAdapter() returned null';

describe('diagnoseNoAdapter', () => {
  it('names the missing Vulkan loader and the Debian package', () => {
    expect(diagnoseNoAdapter(machine([]), detail)).toBe(
      'no WebGPU adapter (requestAdapter() returned null): no Vulkan loader (libvulkan.so.1 is not in LD_LIBRARY_PATH or the system library folders) — install it (Debian/Ubuntu: apt-get install libvulkan1) and a Vulkan driver for the GPU',
    );
  });

  it('finds a loader through LD_LIBRARY_PATH', () => {
    const m = machine(['/opt/vulkan/lib/libvulkan.so.1'], { LD_LIBRARY_PATH: '/opt/vulkan/lib' });
    expect(diagnoseNoAdapter(m, detail)).toContain(
      'no Vulkan driver (no ICD manifest in /usr/share/vulkan/icd.d',
    );
  });

  it('says when VK_ICD_FILENAMES names a file that does not exist', () => {
    const m = machine([LOADER], { VK_ICD_FILENAMES: '/nowhere/icd.json' });
    expect(diagnoseNoAdapter(m, detail)).toBe(
      'no WebGPU adapter (requestAdapter() returned null): no Vulkan driver: VK_ICD_FILENAMES names /nowhere/icd.json, which does not exist — point it at a driver manifest (an ICD .json) or unset it to use the installed drivers',
    );
  });

  it('reads VK_DRIVER_FILES before VK_ICD_FILENAMES, as the loader does', () => {
    const m = machine([LOADER, '/icd/a.json'], {
      VK_DRIVER_FILES: '/gone.json',
      VK_ICD_FILENAMES: '/icd/a.json',
    });
    expect(diagnoseNoAdapter(m, detail)).toContain('VK_DRIVER_FILES names /gone.json, which does not exist');
  });

  it('says a named driver exists but gave no adapter', () => {
    const m = machine([LOADER, '/icd/a.json'], { VK_ICD_FILENAMES: '/icd/a.json' });
    expect(diagnoseNoAdapter(m, detail)).toMatch(
      /^no WebGPU adapter \(requestAdapter\(\) returned null\): the Vulkan drivers VK_ICD_FILENAMES names \(\/icd\/a\.json\) gave Dawn no usable adapter — .*vk_swiftshader_icd\.json/,
    );
  });

  it('says no driver is installed, with what to install and the software alternative', () => {
    const text = diagnoseNoAdapter(machine([LOADER]), detail);
    expect(text).toContain('no Vulkan driver (no ICD manifest in /usr/share/vulkan/icd.d, /etc/vulkan/icd.d');
    expect(text).toContain('apt-get install mesa-vulkan-drivers');
    expect(text).toContain("point VK_ICD_FILENAMES at Chromium's vk_swiftshader_icd.json");
  });

  it('names the installed drivers that gave no adapter (lavapipe lacks features Dawn needs)', () => {
    const m = machine([
      LOADER,
      '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json',
      '/usr/share/vulkan/icd.d/notes.txt',
    ]);
    expect(diagnoseNoAdapter(m, detail)).toContain(
      'the installed Vulkan drivers (lvp_icd.x86_64.json) gave Dawn no adapter it supports',
    );
  });

  it('outside Linux, points at the GPU driver (Dawn uses Metal or Direct3D 12 there)', () => {
    expect(diagnoseNoAdapter(machine([], {}, 'darwin'), detail)).toBe(
      'no WebGPU adapter (requestAdapter() returned null): Dawn found no GPU it supports (Metal on macOS, Direct3D 12 on Windows) — update the GPU driver',
    );
  });
});

describe('installDawn', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("gives navigator a gpu from Dawn's create() and defines Dawn's globals", async () => {
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('GPUBufferUsage', undefined);
    Reflect.deleteProperty(globalThis, 'GPUBufferUsage');
    const gpu = { requestAdapter: async () => null };
    const flags: string[][] = [];
    await installDawn(async () => ({
      create: (f: string[]) => {
        flags.push(f);
        return gpu;
      },
      globals: { GPUBufferUsage: { MAP_READ: 1 } },
    }));
    expect((globalThis as { navigator: { gpu: unknown } }).navigator.gpu).toBe(gpu);
    expect((globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage).toEqual({ MAP_READ: 1 });
    expect(flags).toEqual([[]]);
    Reflect.deleteProperty(globalThis, 'GPUBufferUsage');
  });

  it('leaves an existing navigator.gpu alone', async () => {
    const gpu = { requestAdapter: async () => null };
    vi.stubGlobal('navigator', { gpu });
    const importDawn = vi.fn(async () => ({}));
    await installDawn(importDawn);
    expect(importDawn).not.toHaveBeenCalled();
    expect((globalThis as { navigator: { gpu: unknown } }).navigator.gpu).toBe(gpu);
  });

  it('says to install the webgpu package when Node cannot find it', async () => {
    vi.stubGlobal('navigator', {});
    const notFound = Object.assign(new Error("Cannot find package 'webgpu' imported from /app/x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(installDawn(() => Promise.reject(notFound))).rejects.toThrow(
      `${DAWN_MISSING}: npm install webgpu (Dawn's WebGPU for Node — on Linux it also needs a Vulkan loader and driver)`,
    );
    await expect(
      installDawn(() => Promise.reject(new Error('dawn.node: invalid ELF header'))),
    ).rejects.toThrow(
      'package webgpu failed to load: dawn.node: invalid ELF header (reinstall it: npm install webgpu)',
    );
  });
});
