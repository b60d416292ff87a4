import { defineConfig } from 'vitepress';

const REPOSITORY = 'https://github.com/strata-ml/strata';

// One guide page per published package (each includes the package's README, so the two never drift).
const packages = [
  'core',
  'backends',
  'data',
  'datasets',
  'augment',
  'layers',
  'losses',
  'optim',
  'regularize',
  'metrics',
  'train',
  'cli',
  'plugin-testkit',
  'create-plugin',
];

export default defineConfig({
  title: 'Strata',
  description: 'Deep learning for TypeScript on tfjs-core',
  cleanUrls: true,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  lastUpdated: false,
  // Dead links fail the build (the default); the doc-tests' scratch folder and the packages' own
  // dependencies are not pages.
  srcExclude: ['**/node_modules/**', '.doc-tests/**', 'doc-tests/**', 'e2e-out/**', 'README.md'],
  vite: {
    // The MNIST example trains in a module worker; tfjs-backend-wasm's .wasm files are served from
    // /wasm/ (copied there by scripts/build.mjs), never fetched from a CDN.
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 4096 },
  },
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Guides', link: '/packages/core' },
      { text: 'Examples', link: '/examples/mnist' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Introduction',
        items: [
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Architecture', link: '/architecture' },
          { text: 'Backends', link: '/backends' },
          { text: 'Performance', link: '/performance' },
          { text: 'Reliability', link: '/reliability' },
          { text: 'Scaling out', link: '/scaling' },
          { text: 'Writing a plugin', link: '/writing-a-plugin' },
        ],
      },
      {
        text: 'Packages',
        items: packages.map((p) => ({ text: `@strata/${p}`, link: `/packages/${p}` })),
      },
      {
        text: 'Plugins',
        items: ['gan', 'autoencoder', 'transfer'].map((p) => ({
          text: `@strata/plugin-${p}`,
          link: `/plugins/${p}`,
        })),
      },
      {
        text: 'In your browser',
        items: [
          { text: 'Train the CNN on MNIST', link: '/examples/mnist' },
          { text: 'See the augmentations', link: '/examples/augment' },
          { text: 'GAN samples', link: '/examples/gan' },
          { text: 'Transfer learning', link: '/examples/transfer' },
          { text: 'Character language model (Node)', link: '/examples/char-lm' },
        ],
      },
      { text: 'API reference', items: [{ text: 'All packages', link: '/api/' }] },
    ],
    socialLinks: [{ icon: 'github', link: REPOSITORY }],
    search: { provider: 'local' },
  },
});
