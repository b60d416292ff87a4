import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { runExample } from './run-example.js';

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

  it('says which module an example imports that it was not given', () => {
    expect(() => runExample("import { a } from '@demo/b';\na();", { '@demo/a': {} })).toThrow(
      new ConfigError(
        'runExample',
        "the example imports '@demo/b', which modules does not provide (it has '@demo/a'); add it",
      ),
    );
  });
});
