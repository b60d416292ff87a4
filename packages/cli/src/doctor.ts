import { type BackendReport, describeBackends, listBackends } from '@strata/backends';
import { findPlugin } from './load-plugins.js';
import type { Io } from './main.js';
import { registryFor } from './run-setup.js';

/** `strata doctor [--plugin <package>]…`: what each backend, a plugin's included, says about this machine. */
export async function doctor(io: Io, plugins: readonly string[] = []): Promise<void> {
  await registryFor(plugins.map((p) => findPlugin(p, [process.cwd()])));
  const reports = await listBackends();
  io.out(describeBackends(reports));
  io.out('');
  io.out(gpuAdvice(reports));
}

const SOFTWARE = /a software GPU/;

/**
 * Which GPU path this machine has, from the backend reports, and what to install for one: in Node
 * the `webgpu` package (Dawn) with a Vulkan driver, or tfjs-node-gpu with CUDA; software adapters
 * (SwiftShader) are for checking correctness, not for speed.
 */
export function gpuAdvice(reports: readonly BackendReport[]): string {
  const byName = new Map(reports.map((r) => [r.name, r]));
  const webgpu = byName.get('webgpu');
  const nodeGpu = byName.get('node-gpu');
  if (nodeGpu?.available === true && nodeGpu.info?.device === 'gpu') {
    return "GPU: node-gpu runs on a CUDA GPU (libtensorflow); useBackend('auto') picks it.";
  }
  if (webgpu?.available === true) {
    if (SOFTWARE.test(webgpu.reason)) {
      return [
        `GPU: webgpu works, but only on a software adapter (${webgpu.reason}).`,
        "  That checks correctness; it is slower than wasm, so useBackend('auto') ranks it below wasm.",
        "  For speed: install the GPU's Vulkan driver (NVIDIA's driver, or Debian: apt-get install mesa-vulkan-drivers) and unset VK_ICD_FILENAMES.",
      ].join('\n');
    }
    return `GPU: webgpu runs on a hardware GPU (${webgpu.reason}); useBackend('auto') picks it.`;
  }
  return [
    'GPU: no GPU backend works here.',
    `  webgpu: ${webgpu?.reason ?? 'not known'}`,
    "  In Node the GPU path is webgpu through Dawn: npm install webgpu @tensorflow/tfjs-backend-webgpu, with a Vulkan loader and the GPU's driver (Debian: apt-get install libvulkan1 plus the vendor driver).",
    "  Without a GPU, Chromium's SwiftShader (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json) gives a software adapter: for correctness checks, not speed.",
    '  In browsers: webgpu or webgl (bundle @tensorflow/tfjs-backend-webgpu or -webgl).',
  ].join('\n');
}
