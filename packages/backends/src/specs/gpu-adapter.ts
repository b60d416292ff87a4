import { errorMessage } from '../load-failure.js';

/** What a WebGPU adapter (or a WebGL renderer) says about itself, as far as Strata reports it. */
export interface GpuAdapterFacts {
  /** `vendor architecture (description)` as the adapter reports them, or the WebGL renderer string. */
  readonly name: string;
  readonly vendor: string;
  /** True for GPUs emulated on the CPU (SwiftShader, llvmpipe/lavapipe, WARP, a fallback adapter). */
  readonly software: boolean;
}

// Software rasterisers that implement WebGPU/Vulkan/GL on the CPU; the names drivers report for them.
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|\bwarp\b/i;

/** Whether an adapter or renderer name is a software implementation. */
export function isSoftwareName(text: string): boolean {
  return SOFTWARE.test(text);
}

interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** The facts of a `GPUAdapter` (its `info`, or `requestAdapterInfo()` in older browsers). */
export async function adapterFacts(adapter: unknown): Promise<GpuAdapterFacts> {
  const a = adapter as {
    info?: AdapterInfoLike;
    isFallbackAdapter?: boolean;
    requestAdapterInfo?: () => Promise<AdapterInfoLike>;
  };
  let info: AdapterInfoLike = a.info ?? {};
  if (a.info == null && typeof a.requestAdapterInfo === 'function') {
    try {
      info = await a.requestAdapterInfo();
    } catch {
      info = {};
    }
  }
  const vendor = info.vendor || 'unknown vendor';
  const parts = [info.architecture, info.device].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  const base = [vendor, ...parts].join(' ');
  const name = info.description ? `${base} (${info.description})` : base;
  const fallback = info.isFallbackAdapter === true || a.isFallbackAdapter === true;
  return { name, vendor, software: fallback || isSoftwareName(name) };
}

/** The one-line note `describe` adds for an adapter. */
export function adapterNote(facts: GpuAdapterFacts): string {
  return facts.software
    ? `adapter ${facts.name}: a software GPU (it runs on the CPU: for correctness checks, not speed)`
    : `adapter ${facts.name}: a hardware GPU`;
}

type GpuLike = { requestAdapter(options?: unknown): Promise<unknown> };

/** `navigator.gpu` of this runtime, or `undefined`. */
export function navigatorGpu(): GpuLike | undefined {
  const g = globalThis as { navigator?: { gpu?: GpuLike } };
  return g.navigator?.gpu ?? undefined;
}

/** Requests a high-performance adapter; the adapter, or why there is none. */
export async function requestAdapter(gpu: GpuLike): Promise<{ adapter: unknown } | { reason: string }> {
  try {
    // tfjs-backend-webgpu asks for the same power preference, so this is the adapter it will use.
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter == null ? { reason: 'requestAdapter() returned null' } : { adapter };
  } catch (error) {
    return { reason: `requestAdapter() failed: ${errorMessage(error)}` };
  }
}
