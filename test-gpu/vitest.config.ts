import { defineConfig } from 'vitest/config';

// The GPU suite (pnpm test:gpu, through src/run-gpu-tests.mjs, which sets the Vulkan driver env).
// One file at a time: a GPU device and a headless browser each want the machine to themselves.
export default defineConfig({
  ssr: { resolve: { conditions: ['strata-source', 'module', 'node', 'development|production'] } },
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.gpu.test.ts'],
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    // Results are printed as tables; keep them in the output.
    silent: false,
  },
});
