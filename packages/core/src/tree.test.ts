import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countTree, disposeTree, flattenTree, mapTree, unflattenTree, zipTrees } from './tree.js';

describe('tensor trees', () => {
  const make = () => ({
    block1: { conv: { kernel: tf.ones([3, 3, 1, 2]), bias: tf.zeros([2]) } },
    head: { kernel: tf.fill([4, 2], 2) },
  });

  it('flattens to slash keys and back', () => {
    const tree = make();
    const flat = flattenTree(tree);
    expect(Object.keys(flat)).toEqual(['block1/conv/kernel', 'block1/conv/bias', 'head/kernel']);
    const back = unflattenTree(flat);
    expect(flattenTree(back)).toEqual(flat);
    disposeTree(tree);
  });

  it('maps, zips, counts and disposes', () => {
    const a = make();
    const b = make();
    const before = tf.memory().numTensors;
    const sum = zipTrees([a, b], ([x, y]) => tf.add(x!, y!));
    expect(flattenTree(sum)['head/kernel']!.dataSync()[0]).toBe(4);
    const keys: string[] = [];
    const doubled = mapTree(a, (t, key) => {
      keys.push(key);
      return tf.mul(t, 2);
    });
    expect(keys).toEqual(['block1/conv/kernel', 'block1/conv/bias', 'head/kernel']);
    expect(countTree(doubled)).toBe(9 * 2 + 2 + 8);
    expect(tf.memory().numTensors).toBe(before + 6);
    for (const t of [sum, doubled, a, b]) disposeTree(t);
    expect(tf.memory().numTensors).toBe(before - 6);
  });

  it('refuses to zip trees of different structure, naming the key', () => {
    const a = { w: tf.scalar(1) };
    const b = { v: tf.scalar(1) };
    expect(() => zipTrees([a, b], ([x]) => x!)).toThrow(/differ at 'w'/);
    disposeTree(a);
    disposeTree(b);
  });

  it('refuses names with a slash', () => {
    const t = { 'a/b': tf.scalar(1) };
    expect(() => flattenTree(t)).toThrow(/contains '\/'/);
    disposeTree({ x: t['a/b'] });
  });
});
