import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ShapeError } from './errors.js';
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

  it('refuses to zip trees of different structure, naming the key and the trees', () => {
    const a = { w: tf.scalar(1), b: tf.scalar(2) };
    const b = { v: tf.scalar(1), b: tf.scalar(2) };
    const c = { w: tf.scalar(1), b: tf.scalar(2), extra: tf.scalar(3) };
    expect(() => zipTrees([a, b], ([x]) => x!)).toThrow(
      new ShapeError('zipTrees', "'w' is in tree 0 but not in tree 1; pass trees of one structure"),
    );
    expect(() =>
      zipTrees([a, c], ([x]) => x!, { label: 'applyUpdates', names: ['params', 'updates'] }),
    ).toThrow(
      new ShapeError('applyUpdates', "'extra' is in updates but not in params; pass trees of one structure"),
    );
    for (const t of [a, b, c]) disposeTree(t);
  });

  it('refuses leaves of different shapes, naming the key, the trees and both shapes', () => {
    // [3] + [1] would broadcast to a [3] result without complaint.
    const params = { dense: { bias: tf.zeros([3]), kernel: tf.zeros([2, 3]) } };
    const updates = { dense: { bias: tf.zeros([1]), kernel: tf.zeros([2, 3]) } };
    const state = { dense: { bias: tf.zeros([3]), kernel: tf.zeros([3, 2]) } };
    const before = tf.memory().numTensors;
    expect(() =>
      zipTrees([params, updates], ([p, u]) => tf.add(p!, u!), {
        label: 'applyUpdates',
        names: ['params', 'updates'],
      }),
    ).toThrow(new ShapeError('applyUpdates', "'dense/bias' has shape [3] in params but [1] in updates"));
    // The third tree is checked too, and unnamed trees get their index.
    expect(() => zipTrees([params, params, state], ([p]) => p!, { label: 'scaleByAdam' })).toThrow(
      new ShapeError('scaleByAdam', "'dense/kernel' has shape [2, 3] in tree 0 but [3, 2] in tree 2"),
    );
    expect(tf.memory().numTensors).toBe(before);
    for (const t of [params, updates, state]) disposeTree(t);
  });

  it('zips three trees leaf by leaf with the key', () => {
    const t = (v: number) => ({ a: tf.scalar(v), n: { b: tf.tensor1d([v, 2 * v]) } });
    const [x, y, z] = [t(1), t(10), t(100)];
    const keys: string[] = [];
    const sum = zipTrees([x, y, z], (leaves, key) => {
      keys.push(key);
      return tf.addN(leaves);
    });
    expect(keys).toEqual(['a', 'n/b']);
    const flat = flattenTree(sum);
    expect(Array.from(flat.a!.dataSync())).toEqual([111]);
    expect(Array.from(flat['n/b']!.dataSync())).toEqual([111, 222]);
    expect(zipTrees([], () => tf.scalar(0))).toEqual({});
    for (const tree of [x, y, z, sum]) disposeTree(tree);
  });

  it('disposes the tensors in any nesting of objects and arrays, and nothing else', () => {
    const before = tf.memory().numTensors;
    const shared = tf.ones([2]);
    const raw = new Float32Array([1, 2]);
    const state = [{ count: 2, mu: { w: shared }, name: 'adam', raw }, [tf.zeros([3]), null, undefined]];
    expect(tf.memory().numTensors).toBe(before + 2);
    disposeTree(state);
    expect(tf.memory().numTensors).toBe(before);
    expect(shared.isDisposed).toBe(true);
    expect(Array.from(raw)).toEqual([1, 2]);
    // Disposing again, or a tree that shares the disposed tensor, is a no-op.
    expect(() => disposeTree(state)).not.toThrow();
    expect(() => disposeTree({ again: shared })).not.toThrow();
    disposeTree(undefined);
    disposeTree(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses names with a slash', () => {
    const t = { 'a/b': tf.scalar(1) };
    expect(() => flattenTree(t)).toThrow(/contains '\/'/);
    disposeTree({ x: t['a/b'] });
  });
});
