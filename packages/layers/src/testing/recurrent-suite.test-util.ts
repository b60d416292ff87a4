// Test helper (not part of the package): the checks every recurrent layer passes, against the loop
// reference in recurrent-reference.test-util.ts, central differences and the cpu backend.
import { unregisterTrainingKernels, useBackend } from '@strata/backends';
import { createRng, flattenTree, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecurrentLayer, RecurrentOptions } from '../internal/recurrent-layer.js';
import { nest, type ReferenceInput, referenceRnn, values } from './recurrent-reference.test-util.js';
import { expectClose } from './reference.test-util.js';

export interface RecurrentSuiteConfig {
  readonly kind: ReferenceInput['kind'];
  readonly make: (options: RecurrentOptions) => RecurrentLayer;
  readonly gates: number;
  readonly states: number;
  readonly biasShape: (units: number) => number[];
  readonly relu?: boolean;
}

const ctx = { training: true, state: {} };
const [B, T, IN, U] = [3, 4, 3, 2];

interface Case {
  readonly goBackwards: boolean;
  readonly masked: boolean;
  readonly initial: boolean;
}

const KERNEL_MODES: [string, boolean][] = [
  ['composite ops (stock cpu kernels)', false],
  ["Strata's cpu kernels (fused steps)", true],
];

const CASES: [string, Case][] = [
  ['plain', { goBackwards: false, masked: false, initial: false }],
  ['goBackwards', { goBackwards: true, masked: false, initial: false }],
  ['masked (padding at both ends and inside)', { goBackwards: false, masked: true, initial: false }],
  ['masked, goBackwards, initial state', { goBackwards: true, masked: true, initial: true }],
];

// Sample 0 all real, sample 1 padded at the end, sample 2 padded first and in the middle.
const MASK = [
  [1, 1, 1, 1],
  [1, 1, 0, 0],
  [0, 1, 0, 1],
];

export function recurrentSuite(config: RecurrentSuiteConfig): void {
  const { make, gates, states, kind } = config;
  const raw = {
    x: values(B * T * IN, 1),
    kernel: values(IN * gates * U, 2, 0.8),
    recurrent: values(U * gates * U, 3, 0.8),
    bias: values(
      config.biasShape(U).reduce((a, b) => a * b, 1),
      4,
      0.5,
    ),
    initial: Array.from({ length: states }, (_, k) => values(B * U, 5 + k)),
  };
  const tensors = () => ({
    x: tf.tensor3d(raw.x, [B, T, IN]),
    params: {
      kernel: tf.tensor2d(raw.kernel, [IN, gates * U]),
      recurrentKernel: tf.tensor2d(raw.recurrent, [U, gates * U]),
      bias: tf.tensor(raw.bias, config.biasShape(U)),
    },
    initial: raw.initial.map((s) => tf.tensor2d(s, [B, U])),
    mask: tf.tensor2d(MASK, [B, T], 'bool'),
  });
  const reference = (c: Case) =>
    referenceRnn({
      kind,
      x: nest(raw.x, [B, T, IN]),
      kernel: nest(raw.kernel, [IN, gates * U]),
      recurrent: nest(raw.recurrent, [U, gates * U]),
      bias: nest(raw.bias, config.biasShape(U)),
      units: U,
      ...(c.initial ? { initial: raw.initial.map((s) => nest(s, [B, U])) } : {}),
      ...(c.masked ? { mask: MASK } : {}),
      goBackwards: c.goBackwards,
      ...(config.relu ? { relu: true } : {}),
    });

  /** A case's layer as a function of its differentiable inputs (x, params, initial states): [y, ...states]. */
  const caseFunction = (c: Case, t: ReturnType<typeof tensors>) => {
    const layer = make({ units: U, returnSequences: true, returnState: true, goBackwards: c.goBackwards });
    const f = (x: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor, ...init: tf.Tensor[]) => {
      const out = layer.call({ kernel: k, recurrentKernel: r, bias: b }, x, ctx, {
        ...(c.initial ? { initialState: init } : {}),
        ...(c.masked ? { mask: t.mask } : {}),
      });
      return [out.y, ...out.states];
    };
    const inputs = [
      t.x,
      t.params.kernel,
      t.params.recurrentKernel,
      t.params.bias,
      ...(c.initial ? t.initial : []),
    ];
    return { f: f as (...xs: tf.Tensor[]) => tf.Tensor[], inputs };
  };

  // On tfjs's own cpu kernels (composite ops) and with Strata's cpu kernels registered, which run
  // the step as one fused kernel where the cell has one (the LSTM's StrataLstmCell and its gradient).
  describe.each(KERNEL_MODES)('%s', (_, strataKernels) => {
    beforeAll(async () => {
      await useBackend('cpu');
      if (!strataKernels) unregisterTrainingKernels({ backend: 'cpu' });
    });
    afterAll(() => {
      unregisterTrainingKernels({ backend: 'cpu' });
    });
    describe('matches the step-by-step loop reference', () => {
      it.each(CASES)('%s', (_, c) => {
        const t = tensors();
        const layer = make({
          units: U,
          returnSequences: true,
          returnState: true,
          goBackwards: c.goBackwards,
        });
        const { y, states: finals } = layer.call(t.params, t.x, ctx, {
          ...(c.initial ? { initialState: t.initial } : {}),
          ...(c.masked ? { mask: t.mask } : {}),
        });
        const want = reference(c);
        expect(y.shape).toEqual([B, T, U]);
        expectClose(y.dataSync(), want.outputs.flat(2), 1e-5);
        expect(finals.length).toBe(states);
        finals.forEach((s, k) => {
          expectClose(
            s.dataSync(),
            want.finals.flatMap((f) => f[k]!),
            1e-5,
          );
        });
        const last = make({ units: U, goBackwards: c.goBackwards }).call(t.params, t.x, ctx, {
          ...(c.initial ? { initialState: t.initial } : {}),
          ...(c.masked ? { mask: t.mask } : {}),
        });
        expect(last.states).toEqual([]);
        expectClose(
          last.y.dataSync(),
          want.outputs.flatMap((o) => o[T - 1]!),
          1e-5,
        );
        tf.dispose([y, ...finals, last.y, t.x, t.mask, ...t.initial, ...Object.values(t.params)]);
      });
    });

    describe('gradients match central differences', () => {
      it.each(CASES)('%s: input, params, initial states', (_, c) => {
        const t = tensors();
        const { f, inputs } = caseFunction(c, t);
        const r = checkGradients(f, inputs, {
          step: 1e-2,
          rtol: 2e-2,
          atol: 2e-3,
          ...(config.relu ? { piece: (v: number) => (v > 0 ? 1 : 0) } : {}),
        });
        expect(r.failures).toEqual([]);
        expect(r.checked).toBeGreaterThan(inputs.reduce((n, x) => n + x.size, 0) / 2);
        tf.dispose([t.x, t.mask, ...t.initial, ...Object.values(t.params)]);
      });

      it('the last output only, gradient w.r.t. everything', () => {
        const t = tensors();
        const layer = make({ units: U });
        const f = (x: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) =>
          layer.apply({ kernel: k, recurrentKernel: r, bias: b }, x, ctx).y;
        const r = checkGradients(f, [t.x, t.params.kernel, t.params.recurrentKernel, t.params.bias], {
          step: 1e-2,
          rtol: 2e-2,
          atol: 2e-3,
          ...(config.relu ? { piece: (v: number) => (v > 0 ? 1 : 0) } : {}),
        });
        expect(r.failures).toEqual([]);
        tf.dispose([t.x, t.mask, ...t.initial, ...Object.values(t.params)]);
      });
    });
  });

  it('infers the output shape that apply returns, and inits Keras-shaped params from the rng', () => {
    for (const returnSequences of [false, true]) {
      const layer = make({ units: 5, returnSequences });
      const a = layer.init(createRng(1), [null, 7, 3]);
      const again = layer.init(createRng(1), [null, 7, 3]);
      const x = tf.ones([2, 7, 3]);
      const { y } = layer.apply(a.params, x, { training: false, state: {} });
      expect(a.outputShape).toEqual(returnSequences ? [null, 7, 5] : [null, 5]);
      expect(y.shape).toEqual(a.outputShape.map((d, i) => d ?? y.shape[i]));
      const flat = flattenTree(a.params);
      expect(Object.keys(flat).sort()).toEqual(['bias', 'kernel', 'recurrentKernel']);
      expect(flat.kernel!.shape).toEqual([3, gates * 5]);
      expect(flat.recurrentKernel!.shape).toEqual([5, gates * 5]);
      expect(flat.bias!.shape).toEqual(config.biasShape(5));
      const flatAgain = flattenTree(again.params);
      expect(Array.from(flat.kernel!.dataSync())).toEqual(Array.from(flatAgain.kernel!.dataSync()));
      // Orthogonal recurrent kernel: for [5, G·5] the rows are orthonormal, U·Uᵀ = I.
      const uut = tf.matMul(flat.recurrentKernel!, flat.recurrentKernel!, false, true);
      expectClose(uut.dataSync(), tf.eye(5).dataSync() as Float32Array, 1e-4);
      tf.dispose([x, y, uut, ...Object.values(flat), ...Object.values(flattenTree(again.params))]);
    }
    expect(make({ units: 2 }).init(createRng(0), [4, null, 3]).outputShape).toEqual([4, 2]);
  });

  it('leaks no tensors across init, apply and gradient steps', () => {
    const layer = make({ units: 4, returnSequences: true, returnState: true });
    const x = randomNormal(createRng(0), [2, 5, 3]);
    const mask = tf.tensor2d(
      [
        [1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1],
      ],
      [2, 5],
    );
    const step = () => {
      const { params } = layer.init(createRng(1), [null, 5, 3]);
      const flat = Object.values(flattenTree(params));
      const grads = tf.grads((...ps: tf.Tensor[]) => {
        const p = { kernel: ps[0]!, recurrentKernel: ps[1]!, bias: ps[2]! };
        const out = layer.call(p, x, ctx, { mask });
        tf.dispose(out.states);
        return out.y;
      })([params.kernel as tf.Tensor, params.recurrentKernel as tf.Tensor, params.bias as tf.Tensor]);
      tf.dispose([...grads, ...flat]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, mask]);
  });

  describe('the same forward and gradients on wasm as on cpu (stock kernels)', () => {
    afterAll(async () => {
      await useBackend('cpu');
    });
    it.each(CASES)('%s', async (_, c) => {
      const run = () =>
        tf.tidy(() => {
          const t = tensors();
          const { f: outputs, inputs } = caseFunction(c, t);
          const f = (...xs: tf.Tensor[]) => tf.concat(outputs(...xs).map((o) => tf.reshape(o, [-1])));
          const y = f(...inputs);
          const dy = tf.tensor1d(values(y.size, 9));
          const grads = tf.grads(f)(inputs, dy);
          return [y, ...grads].map((g) => Array.from(g.dataSync()));
        });
      // The stock cpu kernels (Strata's gradients registered, its cpu kernels set aside).
      await useBackend('cpu');
      unregisterTrainingKernels({ backend: 'cpu' });
      const want = run();
      await useBackend('wasm');
      expect(tf.getBackend()).toBe('wasm');
      const got = run();
      expect(got.length).toBe(want.length);
      got.forEach((v, i) => {
        expectClose(v, want[i]!, 1e-4);
      });
    });
  });
}
