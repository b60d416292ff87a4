import { BackendError, ConfigError } from '@strata/core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendLoader, BackendName } from './backend-loaders.js';
import { createBackendSelector } from './backend-selector.js';

// Fakes stand in for packages that cannot be installed here. A fake registers a tfjs backend under
// the real package's name, as importing the real package does, backed by the cpu backend's kernels
// so that the selector's first-op check runs real arithmetic.
const fakeNames = new Set<string>();

function fakeBackendLoader(
  tfjsName: string,
  module: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  factoryError?: Error,
): BackendLoader {
  return async () => {
    if (tf.findBackendFactory(tfjsName) == null) {
      fakeNames.add(tfjsName);
      tf.registerBackend(tfjsName, () => {
        if (factoryError) throw factoryError;
        return Object.assign(new MathBackendCPU(), extra);
      });
      tf.copyRegisteredKernels('cpu', tfjsName);
    }
    return module;
  };
}

const fakeNodeGpu = (usingGpu = true) =>
  fakeBackendLoader(
    'tensorflow',
    { version: { 'tfjs-node': '4.22.0-fake-gpu' } },
    { isGPUPackage: true, isUsingGpuDevice: usingGpu },
  );
const fakeNode = () =>
  fakeBackendLoader(
    'tensorflow',
    { version: { 'tfjs-node': '4.22.0-fake' } },
    { isGPUPackage: false, isUsingGpuDevice: false },
  );

/** What Node throws for an import of a package that is not installed. */
function missing(pkg: string): BackendLoader {
  return () =>
    Promise.reject(
      Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/index.js`), {
        code: 'ERR_MODULE_NOT_FOUND',
      }),
    );
}

const noTraining = () => undefined;

// A browser's WebGL: an OffscreenCanvas whose context reports `renderer` through
// WEBGL_debug_renderer_info, as Chrome does.
function stubWebGl(renderer: string): void {
  const UNMASKED_VENDOR_WEBGL = 0x9245;
  const UNMASKED_RENDERER_WEBGL = 0x9246;
  const gl = {
    RENDERER: 0x1f01,
    VENDOR: 0x1f00,
    getExtension: (name: string) =>
      name === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL, UNMASKED_VENDOR_WEBGL } : null,
    getParameter: (key: number) =>
      key === UNMASKED_RENDERER_WEBGL
        ? renderer
        : key === UNMASKED_VENDOR_WEBGL
          ? 'Google Inc.'
          : 'WebKit WebGL',
  };
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      getContext(kind: string) {
        return kind === 'webgl2' ? gl : null;
      }
    },
  );
}

afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await tf.setBackend('cpu');
  // Where the `webgpu` package resolves, a test with the real loaders installed Dawn's navigator.gpu
  // and registered tfjs' real webgpu backend: remove both so the fakes of the next test apply.
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav?.gpu !== undefined) Reflect.deleteProperty(nav, 'gpu');
  if (tf.findBackendFactory('webgpu') != null) {
    for (const kernel of tf.getKernelsForBackend('webgpu')) tf.unregisterKernel(kernel.kernelName, 'webgpu');
    tf.removeBackend('webgpu');
  }
  for (const name of fakeNames) {
    for (const kernel of tf.getKernelsForBackend(name)) tf.unregisterKernel(kernel.kernelName, name);
    if (tf.findBackendFactory(name) != null) tf.removeBackend(name);
  }
  fakeNames.clear();
});

describe('createBackendSelector with injected loaders (Node)', () => {
  it("'auto' picks node-gpu when its package loads and a GPU is in use", async () => {
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { 'node-gpu': fakeNodeGpu(), node: missing('@tensorflow/tfjs-node') },
      registerTraining: noTraining,
    });
    const info = await useBackend('auto');
    expect(info).toMatchObject({
      name: 'node-gpu',
      tfjsName: 'tensorflow',
      device: 'gpu',
      simd: true,
      threads: null,
      versions: { tfjsCore: tf.version_core, backend: '4.22.0-fake-gpu' },
    });
    expect(info.reason).toBe('node-gpu: fastest that initialised here');
    expect(tf.getBackend()).toBe('tensorflow');
    // The kernels behind the fake are cpu's: 2·3 − 1 computed on the selected backend.
    const y = tf.tidy(() => tf.sub(tf.mul(tf.scalar(2), tf.scalar(3)), tf.scalar(1)));
    expect(await y.data()).toEqual(new Float32Array([5]));
    y.dispose();
  });

  it("'auto' falls through a CUDA failure and missing node to wasm, and says why for each", async () => {
    const cudaError = new Error(
      'libcudart.so.11.0: cannot open shared object file: No such file or directory',
    );
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: {
        'node-gpu': () => Promise.reject(cudaError),
        node: missing('@tensorflow/tfjs-node'),
      },
      registerTraining: noTraining,
    });
    const info = await useBackend('auto');
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const parts = info.reason.split('; ');
    expect(parts[0]).toBe('wasm: fastest that initialised here');
    const gpuPart = parts.find((p) => p.startsWith('node-gpu: '));
    expect(gpuPart).toContain('CUDA failed to load: libcudart.so.11.0: cannot open shared object file');
    expect(gpuPart).toContain('CUDA 11.2 and cuDNN 8.1');
    expect(parts.find((p) => p.startsWith('node: '))).toBe(
      'node: package @tensorflow/tfjs-node is not installed: npm install @tensorflow/tfjs-node',
    );
  });

  it("'auto' prefers node when node-gpu is missing", async () => {
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { 'node-gpu': missing('@tensorflow/tfjs-node-gpu'), node: fakeNode() },
      registerTraining: noTraining,
    });
    const info = await useBackend('auto');
    expect(info).toMatchObject({ name: 'node', device: 'cpu', versions: { backend: '4.22.0-fake' } });
    expect(info.reason).toMatch(
      /^node: fastest that initialised here; node-gpu: package @tensorflow\/tfjs-node-gpu is not installed: npm install @tensorflow\/tfjs-node-gpu \(needs an NVIDIA GPU/,
    );
  });

  it('node-gpu without a usable GPU still runs, and reports the CPU', async () => {
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { 'node-gpu': fakeNodeGpu(false) },
      registerTraining: noTraining,
    });
    const info = await useBackend('node-gpu');
    expect(info.device).toBe('cpu');
    expect(info.reason).toBe('requested by name; TensorFlow found no usable CUDA GPU, so it runs on the CPU');
  });

  it('a named backend that is missing throws a BackendError naming the package, the command and the fallback', async () => {
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { node: missing('@tensorflow/tfjs-node') },
      registerTraining: noTraining,
    });
    const error = await useBackend('node').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).message).toBe(
      "useBackend('node'): package @tensorflow/tfjs-node is not installed: npm install @tensorflow/tfjs-node, or use useBackend('auto') to fall back to the fastest of wasm, cpu that works here",
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a broken native package is reported with the underlying libtensorflow message', async () => {
    // A file missing inside the package means installed-but-broken, not absent.
    const bindingError = Object.assign(
      new Error("Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'"),
      { code: 'MODULE_NOT_FOUND' },
    );
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { node: () => Promise.reject(bindingError) },
      registerTraining: noTraining,
    });
    await expect(useBackend('node')).rejects.toThrow(
      "useBackend('node'): libtensorflow failed to load: Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node' (reinstall with npm install @tensorflow/tfjs-node",
    );
  });

  it('a CUDA mismatch on node-gpu is reported with its message, and the active backend is kept', async () => {
    await tf.setBackend('cpu');
    const mismatch = new Error('CUDA driver version is insufficient for CUDA runtime version');
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { 'node-gpu': () => Promise.reject(mismatch) },
      registerTraining: noTraining,
    });
    const error = (await useBackend('node-gpu').catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(
      "useBackend('node-gpu'): CUDA failed to load: CUDA driver version is insufficient for CUDA runtime version",
    );
    expect(error.message).toContain(
      "or use useBackend('auto') to fall back to the fastest of webgpu, node, wasm, cpu",
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it('does not load a second libtensorflow next to the first', async () => {
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { 'node-gpu': fakeNodeGpu(), node: fakeNode() },
      registerTraining: noTraining,
    });
    await useBackend('node-gpu');
    await expect(useBackend('node')).rejects.toThrow(
      "useBackend('node'): not loaded: @tensorflow/tfjs-node-gpu is already loaded in this process and provides the same 'tensorflow' backend",
    );
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('a package that registers into another copy of tfjs-core is reported as such', async () => {
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      loaders: { node: async () => ({ version: { 'tfjs-node': '4.22.0' } }) },
      registerTraining: noTraining,
    });
    await expect(useBackend('node')).rejects.toThrow(
      "@tensorflow/tfjs-node loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core",
    );
  });

  it('registers training support after the backend is set, unless training is false', async () => {
    const seen: Array<[BackendName, string]> = [];
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      registerTraining: (name) => {
        seen.push([name, tf.getBackend()]);
      },
    });
    await useBackend('wasm');
    await useBackend('cpu', { training: false });
    await useBackend('cpu');
    expect(seen).toEqual([
      ['wasm', 'wasm'],
      ['cpu', 'cpu'],
    ]);
  });

  it('rejects bad names and options with labelled errors', () => {
    const { useBackend } = createBackendSelector({ registerTraining: noTraining });
    expect(() => useBackend('gpu' as 'cpu')).toThrow(ConfigError);
    expect(() => useBackend('gpu' as 'cpu')).toThrow(
      "useBackend(name): must be one of 'auto', 'cpu', 'wasm', 'node', 'node-gpu', 'webgl', 'webgpu', got \"gpu\"",
    );
    expect(() => useBackend('wasm', { threads: 0 })).toThrow(
      'useBackend({threads}): must be a positive integer, got 0',
    );
    expect(() => useBackend('wasm', { thread: 2 } as object)).toThrow("unknown option 'thread'");
    expect(() => useBackend('wasm', { wasmPaths: 3 } as unknown as { wasmPaths: string })).toThrow(
      'useBackend({wasmPaths}): must be a folder URL string or an object',
    );
    const { listBackends } = createBackendSelector({ registerTraining: noTraining });
    expect(() => listBackends({ threads: 2 } as object)).toThrow(
      "listBackends(options): unknown option 'threads'; known options are 'wasmPaths'",
    );
    expect(() => createBackendSelector({ loaders: { tpu: missing('x') } })).toThrow(
      "createBackendSelector({loaders}): unknown option 'tpu'",
    );
  });
});

describe('createBackendSelector with injected loaders (browser)', () => {
  it("'auto' tries webgpu, then webgl, and says why webgpu was skipped", async () => {
    stubWebGl('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)');
    const { useBackend, listBackends } = createBackendSelector({
      isBrowser: true,
      loaders: {
        webgpu: fakeBackendLoader('webgpu', { version_webgpu: '4.22.0-fake' }),
        webgl: fakeBackendLoader('webgl', { version_webgl: '4.22.0-fake' }),
      },
      registerTraining: noTraining,
    });
    const info = await useBackend('auto');
    expect(info).toMatchObject({
      name: 'webgl',
      device: 'gpu',
      simd: null,
      versions: { backend: '4.22.0-fake' },
    });
    expect(info.reason).toBe(
      'webgl: fastest that initialised here; adapter ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0): a hardware GPU; webgpu: no WebGPU in this browser (navigator.gpu is undefined: it needs a secure context and a browser with WebGPU enabled)',
    );
    const reports = await listBackends();
    expect(reports.map((r) => r.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu', 'node-gpu', 'node']);
    expect(reports.find((r) => r.name === 'node')?.reason).toBe(
      'runs only in Node (it binds the native libtensorflow)',
    );
    expect(tf.getBackend()).toBe('webgl');
  });

  it("'auto' picks webgpu when an adapter exists", async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => ({ name: 'fake adapter' }) } });
    const { useBackend } = createBackendSelector({
      isBrowser: true,
      loaders: { webgpu: fakeBackendLoader('webgpu', { version_webgpu: '4.22.0-fake' }) },
      registerTraining: noTraining,
    });
    const info = await useBackend('auto');
    expect(info.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('reports a missing adapter, an initialisation failure with its message, then falls back to wasm', async () => {
    stubWebGl('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620, OpenGL 4.6)');
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { useBackend } = createBackendSelector({
      isBrowser: true,
      loaders: {
        webgpu: fakeBackendLoader('webgpu', {}),
        webgl: fakeBackendLoader('webgl', {}, {}, new Error('WebGL is not supported on this device')),
      },
      registerTraining: noTraining,
    });
    const info = await useBackend('auto');
    expect(info.name).toBe('wasm');
    expect(info.reason.split('; ')).toEqual([
      'wasm: fastest that initialised here',
      'webgpu: no WebGPU adapter (requestAdapter() returned null): the browser blocks WebGPU on this GPU or has no GPU it supports (see chrome://gpu)',
      'webgl: failed to initialise: WebGL is not supported on this device',
    ]);
    // tfjs-core itself only logs the failure; the reason above carries its message.
    expect(warn).toHaveBeenCalled();
  });

  it("'auto' ranks software GPUs below wasm and above cpu: webgpu's at 15, webgl's at 12", async () => {
    stubWebGl('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)');
    const swiftShader = { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver' };
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => ({ info: swiftShader }) } });
    const gpuLoaders = {
      webgpu: fakeBackendLoader('webgpu', {}),
      webgl: fakeBackendLoader('webgl', {}),
    };
    const withWasm = createBackendSelector({
      isBrowser: true,
      loaders: gpuLoaders,
      registerTraining: noTraining,
    });
    const info = await withWasm.useBackend('auto');
    expect(info.name).toBe('wasm');
    expect(info.reason.split('; ')).toEqual([
      'wasm: fastest that initialised here',
      'webgpu: only a software GPU here, tried after the backends ranked above it',
      'webgl: only a software GPU here, tried after the backends ranked above it',
    ]);

    const noWasm = createBackendSelector({
      isBrowser: true,
      loaders: { ...gpuLoaders, wasm: () => Promise.reject(new Error('blocked by the page')) },
      registerTraining: noTraining,
    });
    const software = await noWasm.useBackend('auto');
    expect(software.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(software.reason.split('; ')[0]).toBe(
      'webgpu: fastest that initialised here (a software GPU ranks below wasm)',
    );
    expect(software.reason).toContain(
      'adapter google swiftshader (SwiftShader driver): a software GPU (it runs on the CPU: for correctness checks, not speed)',
    );
    expect(software.reason).toContain(
      'wasm: package @tensorflow/tfjs-backend-wasm failed to load: blocked by the page',
    );

    // Named, a software GPU is used as asked.
    expect((await noWasm.useBackend('webgl')).name).toBe('webgl');
  });

  it('uses a backend the application registered itself when the package is not importable', async () => {
    stubWebGl('ANGLE (Apple, Apple M1, OpenGL 4.1)');
    await fakeBackendLoader('webgl', {})();
    const { useBackend } = createBackendSelector({
      isBrowser: true,
      loaders: { webgl: missing('@tensorflow/tfjs-backend-webgl') },
      registerTraining: noTraining,
    });
    const info = await useBackend('webgl');
    expect(info.reason).toBe(
      "requested by name; using the 'webgl' backend the application registered; adapter ANGLE (Apple, Apple M1, OpenGL 4.1): a hardware GPU",
    );
    expect(info.versions.backend).toBeNull();
  });
});
