import type { BackendReport } from '@strata/backends';
import { describe, expect, it } from 'vitest';
import { gpuAdvice } from './doctor.js';

const report = (
  name: string,
  available: boolean,
  reason: string,
  device: 'cpu' | 'gpu' = 'gpu',
): BackendReport => ({
  name,
  package: `pkg-${name}`,
  available,
  reason,
  info: available
    ? {
        name,
        tfjsName: name,
        device,
        simd: null,
        threads: null,
        versions: { tfjsCore: '4.22.0', backend: null },
        reason,
      }
    : null,
});

describe('gpuAdvice', () => {
  it('says a software adapter is for correctness, and what to install for speed', () => {
    const text = gpuAdvice([
      report('node-gpu', false, 'package @tensorflow/tfjs-node-gpu is not installed'),
      report(
        'webgpu',
        true,
        'runs on the gpu, adapter google swiftshader: a software GPU (it runs on the CPU: for correctness checks, not speed)',
      ),
    ]);
    expect(text.split('\n')[0]).toBe(
      'GPU: webgpu works, but only on a software adapter (runs on the gpu, adapter google swiftshader: a software GPU (it runs on the CPU: for correctness checks, not speed)).',
    );
    expect(text).toContain("slower than wasm, so useBackend('auto') ranks it below wasm");
    expect(text).toContain('apt-get install mesa-vulkan-drivers');
  });

  it('names a hardware adapter', () => {
    expect(
      gpuAdvice([report('webgpu', true, 'runs on the gpu, adapter nvidia ampere: a hardware GPU')]),
    ).toBe(
      "GPU: webgpu runs on a hardware GPU (runs on the gpu, adapter nvidia ampere: a hardware GPU); useBackend('auto') picks it.",
    );
  });

  it('prefers node-gpu on a CUDA GPU, but not when it fell back to the CPU', () => {
    expect(gpuAdvice([report('node-gpu', true, 'runs on the gpu')])).toMatch(
      /^GPU: node-gpu runs on a CUDA GPU/,
    );
    expect(
      gpuAdvice([
        report('node-gpu', true, 'runs on the cpu', 'cpu'),
        report('webgpu', false, 'no WebGPU adapter'),
      ]),
    ).toMatch(/^GPU: no GPU backend works here\./);
  });

  it('without any GPU path, repeats why webgpu failed and lists what to install', () => {
    const text = gpuAdvice([report('webgpu', false, 'package webgpu is not installed: npm install webgpu')]);
    expect(text.split('\n')).toEqual([
      'GPU: no GPU backend works here.',
      '  webgpu: package webgpu is not installed: npm install webgpu',
      "  In Node the GPU path is webgpu through Dawn: npm install webgpu @tensorflow/tfjs-backend-webgpu, with a Vulkan loader and the GPU's driver (Debian: apt-get install libvulkan1 plus the vendor driver).",
      "  Without a GPU, Chromium's SwiftShader (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json) gives a software adapter: for correctness checks, not speed.",
      '  In browsers: webgpu or webgl (bundle @tensorflow/tfjs-backend-webgpu or -webgl).',
    ]);
  });
});
