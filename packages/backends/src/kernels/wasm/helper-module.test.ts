import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helperBinaries, helperExports } from './helper-binaries.js';
import { type HelperVariant, helperOnMemory, helperVariants } from './helper-module.js';

const script = fileURLToPath(new URL('../../../scripts/build-wasm.mjs', import.meta.url));

/** A fresh memory with `data` at byte offset 1024 (float32). */
function memoryWith(data: number[], shared: boolean) {
  const memory = new WebAssembly.Memory(shared ? { initial: 1, maximum: 16, shared: true } : { initial: 1 });
  new Float32Array(memory.buffer, 1024, data.length).set(data);
  return memory;
}

describe('helper module', () => {
  it('is built from the committed AssemblyScript source (binaries up to date)', () => {
    const out = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/up to date/);
  }, 30_000);

  it.each(Object.keys(helperBinaries) as HelperVariant[])(
    '%s build exports exactly the functions helperExports (and so the Helper interface) declares',
    (variant) => {
      const bytes = Uint8Array.from(atob(helperBinaries[variant]), (c) => c.charCodeAt(0));
      if (!WebAssembly.validate(bytes)) throw new Error(`this runtime rejects the ${variant} build`);
      const module = new WebAssembly.Module(bytes);
      const shared = variant.startsWith('shared');
      const memory = new WebAssembly.Memory(
        shared ? { initial: 1, maximum: 65536, shared: true } : { initial: 1 },
      );
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      const built = Object.fromEntries(
        WebAssembly.Module.exports(module).map(({ name, kind }) => {
          const value = instance.exports[name];
          return [name, kind === 'function' && typeof value === 'function' ? value.length : kind];
        }),
      );
      expect(built, `${variant}: exports of the built module (name → parameter count)`).toEqual(
        helperExports,
      );
    },
  );

  it.each(Object.keys(helperBinaries) as HelperVariant[])(
    '%s build writes nothing into the memory it imports (no data segments: that memory is the tfjs heap)',
    (variant) => {
      const bytes = Uint8Array.from(atob(helperBinaries[variant]), (c) => c.charCodeAt(0));
      const shared = variant.startsWith('shared');
      const memory = new WebAssembly.Memory(
        shared ? { initial: 2, maximum: 65536, shared: true } : { initial: 2 },
      );
      const view = new Uint8Array(memory.buffer);
      view.fill(0xab);
      new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      expect(
        view.findIndex((b) => b !== 0xab),
        `${variant}: first byte changed`,
      ).toBe(-1);
    },
  );

  it('picks SIMD first, and the shared builds for a shared (threaded) memory', () => {
    expect(helperVariants(new WebAssembly.Memory({ initial: 1 }))).toEqual(['simd', 'scalar']);
    expect(helperVariants(new WebAssembly.Memory({ initial: 1 }), false)).toEqual(['scalar']);
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    expect(helperVariants(shared)).toEqual(['sharedSimd', 'sharedScalar']);
  });

  it.each<[HelperVariant, boolean]>([
    ['simd', false],
    ['scalar', false],
    ['sharedSimd', true],
    ['sharedScalar', true],
  ])('%s build computes im2col, col2im and column sums in place', (variant, shared) => {
    // x: 1×3×3×1 image 1..9; 2×2 VALID patches by hand: [1,2,4,5] [2,3,5,6] [4,5,7,8] [5,6,8,9].
    const memory = memoryWith([1, 2, 3, 4, 5, 6, 7, 8, 9], shared);
    const helper = helperOnMemory(memory, variant);
    if (helper === undefined) throw new Error(`the ${variant} helper build did not instantiate`);
    const geometry = [1, 3, 3, 1, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0] as const;
    helper.im2col(1024, 2048, 0, 4, ...geometry);
    const patches = Array.from(new Float32Array(memory.buffer, 2048, 16));
    expect(patches).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
    // col2im of all-ones columns counts how many patches cover each pixel: 1 2 1 / 2 4 2 / 1 2 1.
    new Float32Array(memory.buffer, 2048, 16).fill(1);
    new Float32Array(memory.buffer, 4096, 9).fill(0);
    helper.col2im(2048, 4096, 0, 4, ...geometry);
    expect(Array.from(new Float32Array(memory.buffer, 4096, 9))).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
    // Column sums of the 3×3 image viewed as 3 rows of 3 (6 columns would take the SIMD path too).
    helper.colSum(1024, 8192, 3, 3);
    expect(Array.from(new Float32Array(memory.buffer, 8192, 3))).toEqual([12, 15, 18]);
  });
});
