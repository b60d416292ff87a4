// Creates packages/<name> in the one package shape that scripts/check-packages.mjs enforces.
// Usage: node scripts/new-package.mjs <name> "<description>" [dep ...]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description, ...deps] = process.argv.slice(2);
if (!name || !description) {
  console.error('usage: node scripts/new-package.mjs <name> "<description>" [internal-dep ...]');
  process.exit(2);
}
const dir = join('packages', name);
if (existsSync(dir)) {
  console.error(`new-package: ${dir} exists already`);
  process.exit(2);
}
mkdirSync(join(dir, 'src'), { recursive: true });
const pkg = {
  name: `@strata/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  repository: {
    type: 'git',
    url: 'git+https://github.com/strata-ml/strata.git',
    directory: `packages/${name}`,
  },
  homepage: `https://github.com/strata-ml/strata/tree/main/packages/${name}#readme`,
  bugs: 'https://github.com/strata-ml/strata/issues',
  engines: { node: '>=20.19' },
  type: 'module',
  sideEffects: false,
  exports: {
    '.': { 'strata-source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'src', '!src/**/*.test.ts', '!dist/**/*.test.*'],
  scripts: { build: 'tsc -b', typecheck: 'tsc -p tsconfig.test.json' },
  dependencies: Object.fromEntries(deps.map((d) => [`@strata/${d}`, 'workspace:^'])),
  peerDependencies: { '@tensorflow/tfjs-core': '^4.22.0' },
  devDependencies: { '@tensorflow/tfjs-core': '4.22.0' },
};
writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(dir, 'tsconfig.json'),
  `${JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
      include: ['src'],
      exclude: ['src/**/*.test*.ts'],
      references: deps.map((d) => ({ path: `../${d}` })),
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(dir, 'tsconfig.test.json'),
  `${JSON.stringify(
    {
      extends: './tsconfig.json',
      compilerOptions: { composite: false, noEmit: true, incremental: false, rootDir: 'src' },
      include: ['src'],
      exclude: [],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(dir, 'README.md'),
  `# @strata/${name}\n\n${description}\n\n## Install\n\n\`\`\`sh\nnpm install @strata/${name} @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu\n\`\`\`\n\nESM only; Node ≥ 20.19 or a bundler.\n`,
);
writeFileSync(join(dir, 'src', 'index.ts'), `export {};\n`);
console.log(`created ${dir}`);
