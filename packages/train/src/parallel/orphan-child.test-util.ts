// Run by orphans.test.ts as a separate process: trains with two workers until it is killed.
import { readdirSync } from 'node:fs';
import { useBackend } from '@strata/backends';
import { fit } from '../fit.js';

// Never outlive a test that failed before killing this process.
setTimeout(() => process.exit(1), 60_000).unref();

// As an application does: a backend for this thread, which the workers then use too.
await useBackend('wasm');
const threads = () => readdirSync('/proc/self/task').length;
const before = threads();

const module = new URL('./classifier-setup.test-util.ts', import.meta.url);
await fit({
  workers: { count: 2, module, args: { samples: 325, batch: 33, slow: true } },
  epochs: 100_000,
  logEvery: 1,
  callbacks: [
    {
      onBatchEnd: (step) => {
        if (step === 3) console.log(`training in ${process.pid} with ${threads()} threads, ${before} before`);
      },
    },
  ],
});
