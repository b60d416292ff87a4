import { describe, expect, it } from 'vitest';
import type { BackendReport } from './backend-selector.js';
import { describeBackends } from './describe-backends.js';

const reports: BackendReport[] = [
  {
    name: 'node',
    package: '@tensorflow/tfjs-node',
    available: false,
    reason: 'package @tensorflow/tfjs-node is not installed: npm install @tensorflow/tfjs-node',
    info: null,
  },
  {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    available: true,
    reason: 'runs on the cpu, SIMD, 1 thread',
    info: {
      name: 'wasm',
      tfjsName: 'wasm',
      device: 'cpu',
      simd: true,
      threads: 1,
      versions: { tfjsCore: '4.22.0', backend: '4.22.0' },
      reason: 'runs on the cpu, SIMD, 1 thread',
    },
  },
];

describe('describeBackends', () => {
  it('lays the reports out as aligned columns, one row per backend', () => {
    expect(describeBackends(reports).split('\n')).toEqual([
      'backend  available  package                               details',
      'node     no         @tensorflow/tfjs-node                 package @tensorflow/tfjs-node is not installed: npm install @tensorflow/tfjs-node',
      'wasm     yes        @tensorflow/tfjs-backend-wasm@4.22.0  runs on the cpu, SIMD, 1 thread',
    ]);
  });
});
