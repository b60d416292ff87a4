import { defineBackend } from '../define-backend.js';
import { errorMessage } from '../load-failure.js';
import { DAWN_PACKAGE, diagnoseNoAdapter, installDawn, nodeVulkanEnvironment } from './dawn.js';
import { field } from './field.js';
import {
  adapterFacts,
  adapterNote,
  type GpuAdapterFacts,
  isSoftwareName,
  navigatorGpu,
  requestAdapter,
} from './gpu-adapter.js';
import { importOptional } from './native.js';

// A bundled app either imports webgl or webgpu itself before `useBackend` (Strata then finds the
// registered backend) or passes a loader: `{ webgl: () => import('…') }`. In Node, webgpu runs
// through Dawn (the `webgpu` package), which the spec's own `load` sets up first.

const isNode = () =>
  (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== undefined;

// What the last successful probe found, for `describe` (probe and describe run back to back).
let webglRenderer: GpuAdapterFacts | null = null;
let webgpuAdapter: GpuAdapterFacts | null = null;

type GL = {
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
  RENDERER: number;
  VENDOR: number;
};

function glContext(): GL | null {
  const g = globalThis as {
    OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown };
    document?: { createElement(tag: string): { getContext(kind: string): unknown } };
  };
  const canvas =
    g.OffscreenCanvas === undefined ? g.document?.createElement('canvas') : new g.OffscreenCanvas(1, 1);
  if (canvas === undefined) return null;
  return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as GL | null;
}

/** The renderer a WebGL context reports (unmasked where the browser allows it). */
function glRenderer(gl: GL): GpuAdapterFacts {
  const debug = gl.getExtension('WEBGL_debug_renderer_info') as {
    UNMASKED_RENDERER_WEBGL: number;
    UNMASKED_VENDOR_WEBGL: number;
  } | null;
  const renderer = String(gl.getParameter(debug?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER) ?? 'unknown');
  const vendor = String(gl.getParameter(debug?.UNMASKED_VENDOR_WEBGL ?? gl.VENDOR) ?? 'unknown vendor');
  (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
  return { name: renderer, vendor, software: isSoftwareName(renderer) };
}

/** @tensorflow/tfjs-backend-webgl: browsers only. */
export const webglBackend = defineBackend({
  name: 'webgl',
  package: '@tensorflow/tfjs-backend-webgl',
  tfjsName: 'webgl',
  runtime: 'browser',
  runtimeReason: 'it needs a WebGL context',
  device: 'gpu',
  priority: { browser: 30 },
  softwarePriority: { browser: 12 },
  load: importOptional('@tensorflow/tfjs-backend-webgl'),
  version: (mod) => field(mod, 'version_webgl'),
  probe: () => {
    let gl: GL | null;
    try {
      gl = glContext();
    } catch (error) {
      return `no WebGL context: ${errorMessage(error)}`;
    }
    if (gl === null) {
      return 'no WebGL context (the browser has WebGL disabled or no GPU driver it supports; see chrome://gpu or about:support)';
    }
    webglRenderer = glRenderer(gl);
    return null;
  },
  describe: () =>
    webglRenderer === null
      ? { simd: null }
      : { simd: null, software: webglRenderer.software, notes: [adapterNote(webglRenderer)] },
});

/**
 * @tensorflow/tfjs-backend-webgpu: wherever a WebGPU adapter exists — browsers, and Node through
 * Dawn (the optional `webgpu` package, plus a Vulkan loader and driver on Linux).
 */
export const webgpuBackend = defineBackend({
  name: 'webgpu',
  package: '@tensorflow/tfjs-backend-webgpu',
  tfjsName: 'webgpu',
  device: 'gpu',
  priority: { browser: 40, node: 35 },
  softwarePriority: { browser: 15, node: 15 },
  needs: `in Node also the ${DAWN_PACKAGE} package and, on Linux, a Vulkan loader and driver`,
  load: async () => {
    // tfjs-backend-webgpu registers its backend on import only where navigator.gpu exists.
    if (isNode()) await installDawn();
    return importOptional('@tensorflow/tfjs-backend-webgpu')();
  },
  loadFailure: (message) =>
    message.startsWith(`package ${DAWN_PACKAGE} `)
      ? message
      : `package @tensorflow/tfjs-backend-webgpu failed to load: ${message} (reinstall with npm install @tensorflow/tfjs-backend-webgpu)`,
  version: (mod) => field(mod, 'version_webgpu'),
  // tfjs-backend-webgpu's factory assumes an adapter; ask first, and say which piece is missing.
  probe: async (runtime) => {
    webgpuAdapter = null;
    const gpu = navigatorGpu();
    if (gpu === undefined) {
      return runtime === 'node'
        ? `no WebGPU in this runtime (navigator.gpu is undefined; in Node, npm install ${DAWN_PACKAGE})`
        : 'no WebGPU in this browser (navigator.gpu is undefined: it needs a secure context and a browser with WebGPU enabled)';
    }
    const found = await requestAdapter(gpu);
    if ('reason' in found) {
      if (runtime === 'node' && isNode())
        return diagnoseNoAdapter(await nodeVulkanEnvironment(), found.reason);
      return `no WebGPU adapter (${found.reason}): the browser blocks WebGPU on this GPU or has no GPU it supports (see chrome://gpu)`;
    }
    webgpuAdapter = await adapterFacts(found.adapter);
    return null;
  },
  describe: () =>
    webgpuAdapter === null
      ? { simd: null }
      : { simd: null, software: webgpuAdapter.software, notes: [adapterNote(webgpuAdapter)] },
});
