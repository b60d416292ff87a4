import { defineBackend } from '../define-backend.js';
import { errorMessage } from '../load-failure.js';
import { field } from './field.js';
import { importOptional } from './native.js';

// A bundled app either imports webgl or webgpu itself before `useBackend` (Strata then finds the
// registered backend) or passes a loader: `{ webgl: () => import('…') }`.

/** @tensorflow/tfjs-backend-webgl: browsers only. */
export const webglBackend = defineBackend({
  name: 'webgl',
  package: '@tensorflow/tfjs-backend-webgl',
  tfjsName: 'webgl',
  runtime: 'browser',
  runtimeReason: 'it needs a WebGL context',
  device: 'gpu',
  priority: { browser: 30 },
  load: importOptional('@tensorflow/tfjs-backend-webgl'),
  version: (mod) => field(mod, 'version_webgl'),
});

/** @tensorflow/tfjs-backend-webgpu: wherever a WebGPU adapter exists (browsers, Node through Dawn). */
export const webgpuBackend = defineBackend({
  name: 'webgpu',
  package: '@tensorflow/tfjs-backend-webgpu',
  tfjsName: 'webgpu',
  device: 'gpu',
  priority: { browser: 40 },
  load: importOptional('@tensorflow/tfjs-backend-webgpu'),
  version: (mod) => field(mod, 'version_webgpu'),
  // tfjs-backend-webgpu registers nothing where `navigator.gpu` is absent; say which step failed.
  probe: async () => {
    const g = globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } };
    const gpu = g.navigator?.gpu;
    if (gpu == null) return 'no WebGPU in this runtime (navigator.gpu is undefined)';
    try {
      return (await gpu.requestAdapter()) == null
        ? 'no WebGPU adapter (requestAdapter() returned null)'
        : null;
    } catch (error) {
      return `no WebGPU adapter: ${errorMessage(error)}`;
    }
  },
});
