import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run on each package's sources through the `strata-source` export condition; vitest 4 reads
  // conditions for SSR from here only, and setting them replaces vite's defaults, so those are repeated.
  ssr: { resolve: { conditions: ['strata-source', 'module', 'node', 'development|production'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'plugins/*/src/**/*.test.ts',
      'plugins/*/scripts/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['./vitest.setup.ts'],
    // Plugin packages that tests install into node_modules import @strata/* like any user code: run
    // them through vite too, so those imports reach the same sources as the tests.
    server: { deps: { inline: [/strata-plugin-/] } },
  },
});
