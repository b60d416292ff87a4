import { createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it, vi } from 'vitest';
import { registerGradients } from '../../gradients/index.js';
import { maxRelativeError } from '../kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels.js';
import { conv2DBackpropFilterCpuConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputCpuConfig } from './conv2d-backprop-input.js';
import { describeOnCpu } from './cpu-suite.test-util.js';
import { maxPoolGradCpuConfig } from './max-pool-grad.js';

// Gradients of whole convolutions through Strata's gradient functions, which dispatch the backprop
// kernels: with the cpu kernels registered they must match central finite differences and the
// same gradients computed by tfjs-backend-cpu's own kernels.
const convs: [string, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor][] = [
  ['stride 2 SAME', (x, w) => tf.conv2d(x, w, 2, 'same')],
  [
    'stride [2, 1] explicit padding',
    (x, w) =>
      tf.conv2d(
        x,
        w,
        [2, 1],
        [
          [0, 0],
          [1, 2],
          [2, 0],
          [0, 0],
        ],
      ),
  ],
  ['dilation 2 SAME', (x, w) => tf.conv2d(x, w, 1, 'same', 'NHWC', 2)],
  ['dilation 2 VALID', (x, w) => tf.conv2d(x, w, 1, 'valid', 'NHWC', [2, 2])],
  ['conv + relu + maxPool 2/2', (x, w) => tf.maxPool(tf.relu(tf.conv2d(x, w, 1, 'valid')), 2, 2, 'valid')],
];

function inputs(seed: number): [tf.Tensor4D, tf.Tensor4D] {
  const [rx, rw] = createRng(seed).split(2) as [ReturnType<typeof createRng>, ReturnType<typeof createRng>];
  return [randomNormal(rx, [2, 7, 6, 3]) as tf.Tensor4D, randomNormal(rw, [3, 3, 3, 4]) as tf.Tensor4D];
}

describeOnCpu('conv2d gradients through the cpu kernels', () => {
  beforeAll(() => {
    registerGradients();
  });

  it('match central finite differences, dispatching Strata’s backprop kernels', () => {
    registerTrainingKernels({ backend: 'cpu' });
    const filterSpy = vi.spyOn(conv2DBackpropFilterCpuConfig, 'kernelFunc');
    const inputSpy = vi.spyOn(conv2DBackpropInputCpuConfig, 'kernelFunc');
    const poolSpy = vi.spyOn(maxPoolGradCpuConfig, 'kernelFunc');
    let seed = 1;
    for (const [name, f] of convs) {
      const [x, w] = inputs(seed++);
      const report = checkGradients((a, b) => f(a as tf.Tensor4D, b as tf.Tensor4D), [x, w], {
        step: 1e-2,
        rtol: 1e-2,
        atol: 1e-3,
        scaleAtol: true,
        piece: (y) => (y > 0 ? 1 : 0),
      });
      expect(report.failures, name).toEqual([]);
      expect(report.checked, name).toBeGreaterThan(200);
      tf.dispose([x, w]);
    }
    expect(filterSpy).toHaveBeenCalled();
    expect(inputSpy).toHaveBeenCalled();
    expect(poolSpy).toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it("match the gradients tfjs-backend-cpu's own kernels give, within 1e-4, with no tensors left", () => {
    let seed = 10;
    for (const [name, f] of convs) {
      const [x, w] = inputs(seed++);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a as tf.Tensor4D, b as tf.Tensor4D));
      const dy = tf.tidy(() => randomNormal(createRng(seed++), f(x, w).shape));
      const before = tf.memory().numTensors;
      unregisterTrainingKernels({ backend: 'cpu' });
      const stock = g([x, w], dy);
      registerTrainingKernels({ backend: 'cpu' });
      const strata = g([x, w], dy);
      for (const i of [0, 1]) {
        const [s, t] = [stock[i] as tf.Tensor, strata[i] as tf.Tensor];
        expect(maxRelativeError(t.dataSync(), s.dataSync()), `${name} d${i === 0 ? 'x' : 'w'}`).toBeLessThan(
          1e-4,
        );
      }
      tf.dispose([...stock, ...strata]);
      expect(tf.memory().numTensors, name).toBe(before);
      tf.dispose([x, w, dy]);
    }
  });
});
