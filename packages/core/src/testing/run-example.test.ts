import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConfigError, StrataError } from '../errors.js';
import { runExample, runExampleAsync } from './run-example.js';

describe('runExample', () => {
  it('binds named, renamed and namespace imports to the given modules and strips types', () => {
    const seen: unknown[] = [];
    const modules = { '@demo/a': { record: (v: unknown) => seen.push(v), twice: (n: number) => 2 * n } };
    runExample(
      [
        "import * as a from '@demo/a';",
        "import { record, twice as double } from '@demo/a';",
        'interface Point { x: number }',
        'const p: Point = { x: double(21) };',
        'record(p.x as number);',
        'a.record(a.twice(1));',
      ].join('\n'),
      modules,
    );
    expect(seen).toEqual([42, 2]);
  });

  it('frees the tensors an example leaves behind', () => {
    const before = tf.memory().numTensors;
    runExample("import * as tf from '@tensorflow/tfjs-core';\ntf.add(tf.ones([2, 2]), 1);", {
      '@tensorflow/tfjs-core': tf,
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws what the example throws', () => {
    const modules = { '@demo/a': {} };
    expect(() => runExample("import { missing } from '@demo/a';\nmissing();", modules)).toThrow(TypeError);
    expect(() => runExample("throw new RangeError('no');", {})).toThrow(new RangeError('no'));
    expect(() => runExample('const x: number = ;', {})).toThrow(SyntaxError);
  });

  it('accepts a side-effect import of a module it was given, and names one it was not', () => {
    const source = "import '@demo/side-effect';\nimport { one } from '@demo/a';\none(); // => 1";
    expect(() => runExample(source, { '@demo/side-effect': {}, '@demo/a': { one: () => 1 } })).not.toThrow();
    expect(() => runExample(source, { '@demo/a': { one: () => 1 } })).toThrow(
      "runExample: the example imports '@demo/side-effect', which modules does not provide (it has '@demo/a'); add it",
    );
  });

  it('says which module an example imports that it was not given', () => {
    expect(() => runExample("import { a } from '@demo/b';\na();", { '@demo/a': {} })).toThrow(
      new ConfigError(
        'runExample',
        "the example imports '@demo/b', which modules does not provide (it has '@demo/a'); add it",
      ),
    );
  });

  it('checks each `expr // => value` line, and a declaration by its variable', () => {
    const modules = { '@demo/a': { half: (n: number) => n / 2, name: 'demo' } };
    const source = [
      "import { half, name } from '@demo/a';",
      'half(1); // => 0.5',
      'half(Math.PI); // => 1.571',
      "name; // => 'demo'",
      '[half(2), half(3)]; // => [1, 1.5]',
      'const q = half(0.25); // => 0.125',
      'q > 0; // => true',
      '// a comment that states nothing',
    ].join('\n');
    expect(() => runExample(source, modules)).not.toThrow();
  });

  it('fails a wrong result, naming the file, the line, the export and both values', () => {
    const modules = { '@demo/a': { half: (n: number) => n / 2 } };
    const source = ["import { half } from '@demo/a';", 'half(1); // => 0.5', 'half(3); // => 1.6'].join('\n');
    expect(() => runExample(source, modules, { file: 'half.ts', line: 20, name: 'half' })).toThrow(
      new StrataError('runExample', 'half.ts:22 (half): `half(3)` is 1.5, but the example states 1.6'),
    );
    expect(() => runExample(source, modules)).toThrow(
      new StrataError('runExample', 'line 3 of the example: `half(3)` is 1.5, but the example states 1.6'),
    );
    expect(() => runExample('[1, 2]; // => [1, 2, 3]', {}, { file: 'x.ts' })).toThrow(
      new StrataError(
        'runExample',
        'x.ts, line 1 of its example: `[1, 2]` is [1,2], but the example states [1, 2, 3]',
      ),
    );
  });

  it('checks tensors by their values and frees them', () => {
    const before = tf.memory().numTensors;
    const modules = { '@tensorflow/tfjs-core': tf };
    const ok = "import * as tf from '@tensorflow/tfjs-core';\ntf.add(tf.ones([2]), 0.5); // => [1.5, 1.5]";
    expect(() => runExample(ok, modules)).not.toThrow();
    const wrong = "import * as tf from '@tensorflow/tfjs-core';\ntf.ones([2]); // => [1, 2]";
    expect(() => runExample(wrong, modules)).toThrow(
      /`tf.ones\(\[2\]\)` is \[1,1\], but the example states \[1, 2\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a stated result it cannot read, so that no claim goes unchecked', () => {
    expect(() => runExample('const w = 1.5; // => w = [1.5, 1]', {}, { file: 'w.ts', line: 3 })).toThrow(
      /^runExample: w.ts:3: the example states 'w = \[1.5, 1\]', which is not a value it can check/,
    );
  });
});

describe('runExampleAsync', () => {
  const modules = { '@tensorflow/tfjs-core': tf };

  it('runs top-level await and for await, and checks each stated result', async () => {
    const seen: number[] = [];
    const source = [
      "import * as tf from '@tensorflow/tfjs-core';",
      "import { record } from '@demo/a';",
      'async function* count(n: number) {',
      '  for (let i = 0; i < n; i++) yield i;',
      '}',
      'let sum = 0;',
      'for await (const i of count(4)) sum += i;',
      'sum; // => 6',
      'record(await Promise.resolve(sum));',
      'await tf.add(tf.ones([2]), 0.5).data(); // => [1.5, 1.5]',
      'const mean = await tf.mean(tf.tensor1d([1, 2])).array(); // => 1.5',
    ].join('\n');
    await runExampleAsync(source, { ...modules, '@demo/a': { record: (v: number) => seen.push(v) } });
    expect(seen).toEqual([6]);
  });

  it('fails a wrong result, naming the file, the line, the export and both values', async () => {
    const source = [
      'const later = (v: number) => new Promise<number>((done) => setTimeout(() => done(v), 1));',
      'await later(1); // => 1',
      'await later(2); // => 3',
    ].join('\n');
    await expect(runExampleAsync(source, {}, { file: 'later.ts', line: 30, name: 'later' })).rejects.toThrow(
      new StrataError(
        'runExampleAsync',
        'later.ts:32 (later): `await later(2)` is 2, but the example states 3',
      ),
    );
    await expect(runExampleAsync(source, {})).rejects.toThrow(
      new StrataError(
        'runExampleAsync',
        'line 3 of the example: `await later(2)` is 2, but the example states 3',
      ),
    );
  });

  it('rejects with what the example throws, after an await too', async () => {
    await expect(runExampleAsync("await null;\nthrow new RangeError('no');", {})).rejects.toThrow(
      new RangeError('no'),
    );
    await expect(runExampleAsync('const x: number = ;', {})).rejects.toThrow(SyntaxError);
    await expect(runExampleAsync("import { a } from '@demo/b';\na();", {})).rejects.toThrow(
      new ConfigError(
        'runExampleAsync',
        "the example imports '@demo/b', which modules does not provide (it has ); add it",
      ),
    );
  });

  it('frees the tensors an example leaves behind across awaits, also when it throws', async () => {
    const before = tf.memory().numTensors;
    const leaves = [
      "import * as tf from '@tensorflow/tfjs-core';",
      'const a = tf.ones([2, 2]);',
      'await a.data();',
      'const b = tf.add(a, 1);',
      'await new Promise((done) => setTimeout(done, 1));',
      'tf.mul(b, 2);',
    ];
    await runExampleAsync(leaves.join('\n'), modules);
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      runExampleAsync([...leaves, "throw new Error('late');"].join('\n'), modules),
    ).rejects.toThrow('late');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is what runExample is for examples without await (the same checks and messages)', async () => {
    const source = "import * as tf from '@tensorflow/tfjs-core';\ntf.ones([2]); // => [1, 2]";
    expect(() => runExample(source, modules)).toThrow(
      /`tf.ones\(\[2\]\)` is \[1,1\], but the example states \[1, 2\]/,
    );
    await expect(runExampleAsync(source, modules)).rejects.toThrow(
      /^runExampleAsync: line 2 of the example: `tf.ones\(\[2\]\)` is \[1,1\], but the example states \[1, 2\]$/,
    );
    // An example that waits cannot run synchronously: that is what runExampleAsync is for.
    expect(() => runExample('await null;', {})).toThrow(SyntaxError);
  });
});
