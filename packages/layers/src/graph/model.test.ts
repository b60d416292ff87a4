import { registerGradients } from '@strata/backends';
import { ConfigError, createRng, flattenTree, randomNormal, ShapeError, unflattenTree } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { countParams } from '../count-params.js';
import { dense } from '../dense.js';
import { dropout } from '../dropout.js';
import { sequential } from '../sequential.js';
import { summary } from '../summary.js';
import { call } from './call.js';
import { input } from './input.js';
import { model } from './model.js';
import { multiInputLayer } from './multi-input.js';

// A local sum layer, so the graph is tested without the merge layers.
const sum = (name = 'sum') =>
  multiInputLayer({
    name,
    kind: 'Sum',
    inputCount: { min: 2 },
    initMany: (_rng, shapes) => ({ params: {}, state: {}, outputShape: shapes[0]! }),
    applyMany: (_params, xs) => ({ y: tf.addN([...xs]), state: {} }),
  });

const ctx = { training: false, state: {} };

/** x · k + b for row-major x [n, i], k [i, o], by loops. */
function affine(
  x: number[],
  n: number,
  k: number[],
  b: number[],
  i: number,
  o: number,
  relu = false,
): number[] {
  const out: number[] = [];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < o; c++) {
      let s = b[c]!;
      for (let j = 0; j < i; j++) s += x[r * i + j]! * k[j * o + c]!;
      out.push(relu ? Math.max(0, s) : s);
    }
  return out;
}

const data = (t: tf.Tensor | tf.TensorContainer) => Array.from((t as tf.Tensor).dataSync());

describe('model (functional graphs)', () => {
  beforeAll(() => {
    registerGradients();
  });

  it('a residual block: y = x + dense2(relu(dense1(x))), against loops', () => {
    const x = input([null, 3]);
    const h = call(dense({ units: 5, activation: 'relu' }), x);
    const r = call(dense({ units: 3 }), h);
    const y = call(sum(), [x, r]);
    const net = model({ inputs: x, outputs: y, name: 'residual' });
    expect(net.nodes.map((n) => n.id)).toEqual(['dense', 'dense_1', 'sum']);
    const { params, outputShape } = net.init(createRng(1), [null, 3]);
    const xs = randomNormal(createRng(2), [4, 3]);
    const out = net.apply(params, xs, ctx);
    expect(out.y.shape).toEqual([4, ...outputShape.slice(1)]);
    const p = flattenTree(params);
    const hh = affine(data(xs), 4, data(p['dense/kernel']!), data(p['dense/bias']!), 3, 5, true);
    const rr = affine(hh, 4, data(p['dense_1/kernel']!), data(p['dense_1/bias']!), 5, 3);
    const want = rr.map((v, i) => v + data(xs)[i]!);
    for (const [i, v] of data(out.y).entries()) expect(v).toBeCloseTo(want[i]!, 5);
    tf.dispose([xs, out.y]);
    tf.dispose(Object.values(p));
  });

  it('two inputs and two outputs; a layer called twice shares its params', () => {
    const a = input([null, 4], { name: 'left' });
    const b = input([null, 4], { name: 'right' });
    const tower = dense({ units: 2 });
    const ta = call(tower, a);
    const tb = call(tower, b);
    const both = call(sum(), [ta, tb]);
    const head = call(dense({ units: 1 }), both);
    const net = model({ inputs: [a, b], outputs: [head, ta] });
    expect(net.inputNames).toEqual(['left', 'right']);
    expect(net.nodes.map((n) => n.id)).toEqual(['dense', 'dense#1', 'sum', 'dense_1']);
    const { params, outputShapes } = net.initAll(createRng(0));
    expect(outputShapes).toEqual([
      [null, 1],
      [null, 2],
    ]);
    // One tower (4·2 + 2) and one head (2 + 1).
    expect(countParams(params)).toBe(13);
    const xa = tf.tensor2d([[1, 2, 3, 4]]);
    const xb = tf.tensor2d([[-1, 0, 1, 0.5]]);
    const { ys } = net.applyAll(params, [xa, xb], ctx);
    const p = flattenTree(params);
    const k = data(p['dense/kernel']!);
    const bias = data(p['dense/bias']!);
    const fa = affine(data(xa), 1, k, bias, 4, 2);
    const fb = affine(data(xb), 1, k, bias, 4, 2);
    const s = fa.map((v, i) => v + fb[i]!);
    const want = affine(s, 1, data(p['dense_1/kernel']!), data(p['dense_1/bias']!), 2, 1);
    expect(data(ys[0]!)[0]).toBeCloseTo(want[0]!, 5);
    for (const [i, v] of data(ys[1]!).entries()) expect(v).toBeCloseTo(fa[i]!, 5);
    // init/apply refuse what they cannot express, pointing at the right method.
    expect(() => net.apply(params, xa, ctx)).toThrow(/has 2 inputs; use applyMany/);
    expect(() => net.applyMany(params, [xa, xb], ctx)).toThrow(/has 2 outputs; use applyAll/);
    tf.dispose([xa, xb, ...ys]);
    tf.dispose(Object.values(p));
  });

  it('checks input shapes, naming the input and both shapes, and unlisted inputs', () => {
    const x = input([null, 3]);
    const other = input([null, 3]);
    const net = model({ inputs: x, outputs: call(dense({ units: 2 }), x) });
    expect(() => net.init(createRng(0), [null, 4])).toThrow(ShapeError);
    expect(() => net.init(createRng(0), [null, 4])).toThrow(
      "model 'model': input 'input' was declared [?, 3], got [?, 4]",
    );
    const y = call(sum(), [x, other]);
    expect(() => model({ inputs: x, outputs: y })).toThrow(/not in inputs/);
    expect(() => call(dense({ units: 2 }), [x, other])).toThrow(ConfigError);
    // A layer's shape error names where it is in the graph.
    const bad = call(dense({ units: 2 }), input([null, 2]));
    expect(() => model({ inputs: x, outputs: bad })).toThrow(/not in inputs/);
    const deep = input([null, 2, 3]);
    const net2 = model({ inputs: deep, outputs: call(sum('s'), [deep, call(dense({ units: 3 }), deep)]) });
    expect(() => net2.init(createRng(0), [null, 2, 3])).not.toThrow();
  });

  it('gradients through branches match finite differences', () => {
    const x = input([null, 3]);
    const h = call(dense({ units: 4, activation: 'sigmoid' }), x);
    const y = call(sum(), [call(dense({ units: 2 }), h), call(dense({ units: 2 }), x)]);
    const net = model({ inputs: x, outputs: y });
    const { params } = net.init(createRng(3), [null, 3]);
    const flat = flattenTree(params);
    const names = Object.keys(flat);
    const xs = randomNormal(createRng(4), [2, 3]);
    const f = (xi: tf.Tensor, ...ps: tf.Tensor[]) =>
      net.apply(unflattenTree(Object.fromEntries(names.map((n, i) => [n, ps[i]!]))), xi, ctx).y;
    const report = checkGradients(f, [xs, ...names.map((n) => flat[n]!)], { step: 1e-2, rtol: 2e-3 });
    expect(report.failures).toEqual([]);
    expect(report.checked).toBeGreaterThan(30);
    tf.dispose([xs, ...Object.values(flat)]);
  });

  it('nests: a graph model inside sequential and inside another graph', () => {
    const x = input([null, 3]);
    const inner = model({ inputs: x, outputs: call(dense({ units: 2 }), x), name: 'inner' });
    const seq = sequential([inner, dense({ units: 1 })]);
    const { params } = seq.init(createRng(0), [null, 3]);
    expect(Object.keys(flattenTree(params))).toEqual([
      'inner/dense/kernel',
      'inner/dense/bias',
      'dense/kernel',
      'dense/bias',
    ]);
    const z = input([null, 3]);
    const outer = model({ inputs: z, outputs: call(dense({ units: 1 }), call(inner, z)) });
    const p2 = outer.init(createRng(0), [null, 3]).params;
    expect(countParams(p2)).toBe(3 * 2 + 2 + 2 + 1);
    tf.dispose(Object.values(flattenTree(params)));
    tf.dispose(Object.values(flattenTree(p2)));
  });

  it('numTensors stay flat across init, apply and a gradient step; dropout gets its own rng', () => {
    const x = input([null, 6]);
    const h = call(dropout({ rate: 0.5 }), call(dense({ units: 6 }), x));
    const net = model({ inputs: x, outputs: call(sum(), [h, x]) });
    const before = tf.memory().numTensors;
    const { params } = net.init(createRng(0), [null, 6]);
    const xs = tf.ones([2, 6]);
    const flat = flattenTree(params);
    const names = Object.keys(flat);
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.valueAndGrads(
        (...ps: tf.Tensor[]) =>
          tf.sum(
            net.apply(unflattenTree(Object.fromEntries(names.map((n, j) => [n, ps[j]!]))), xs, {
              training: true,
              rng: createRng(i),
              state: {},
            }).y,
          ) as tf.Scalar,
      )(names.map((n) => flat[n]!));
      tf.dispose([value, ...grads]);
    }
    tf.dispose([xs, ...Object.values(flat)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('summary lists inputs and calls with what each reads, and counts a shared layer once', () => {
    const a = input([null, 4]);
    const b = input([null, 4]);
    const tower = dense({ units: 2 });
    const net = model({
      inputs: [a, b],
      outputs: call(sum(), [call(tower, a), call(tower, b)]),
      name: 'siamese',
    });
    const before = tf.memory().numTensors;
    const text = summary(net);
    expect(tf.memory().numTensors).toBe(before);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "siamese"');
    expect(lines.find((l) => l.includes('dense#1 (Dense)'))).toMatch(/\[\?, 2\]\s+0\s+input_1$/);
    expect(lines.find((l) => l.includes('sum (Sum)'))).toMatch(/dense, dense#1$/);
    expect(lines).toContain('Total params: 10 (0.04 KB)');
  });
});
