import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportsWithoutExample } from './exports-without-example.js';

const withExample = ['/**', ' * @example', ' * ```ts', ' * documented();', ' * ```', ' */'].join('\n');

describe('exportsWithoutExample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-exports-'));
  afterAll(() => rmSync(dir, { recursive: true }));
  writeFileSync(join(dir, 'documented.ts'), `${withExample}\nexport function documented(x: number) {}\n`);
  writeFileSync(join(dir, 'generic.ts'), `${withExample}\nexport function generic<T>(x: T) {}\n`);
  writeFileSync(join(dir, 'bare.ts'), '/** No example. */\nexport function bare() {}\n');
  writeFileSync(join(dir, 'constants.ts'), `${withExample}\nexport const documentedConst = () => 1;\n`);
  writeFileSync(join(dir, 'bare-const.ts'), '/** No example. */\nexport const bareConst = 2;\n');
  writeFileSync(join(dir, 'box.ts'), `${withExample}\nexport class Box {}\n`);
  writeFileSync(join(dir, 'bare-class.ts'), '/** No example. */\nexport class BareClass {}\n');
  // Only a test file declares it: that is not the package's source.
  writeFileSync(join(dir, 'hidden.test.ts'), `${withExample}\nexport function hidden() {}\n`);
  const fn = () => undefined;

  it('names the exports whose file has no example, or that no source file declares', () => {
    const exports = {
      documented: fn,
      generic: fn,
      bare: fn,
      hidden: fn,
      constant: 1,
      documentedConst: fn,
      bareConst: 2,
      Box: class {},
      BareClass: class {},
    };
    expect(exportsWithoutExample(dir, exports)).toEqual([
      'bare',
      'hidden',
      'constant',
      'bareConst',
      'BareClass',
    ]);
  });

  it('is empty when every export is documented', () => {
    expect(exportsWithoutExample(dir, { documented: fn, generic: fn })).toEqual([]);
  });
});
