import { registerGradients } from '@strata/backends';
import { createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { separableConv2d } from './separable-conv2d.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };

describe('separableConv2d', () => {
  beforeAll(() => registerGradients());

  it('matches a loop: depthwise taps then the pointwise sum, bias and relu', () => {
    const [B, H, W, C, M, F, K] = [2, 5, 4, 2, 2, 3, 3];
    const rng = createRng(1);
    const x = randomNormal(rng, [B, H, W, C]);
    const depthwiseKernel = randomNormal(rng, [K, K, C, M]);
    const pointwiseKernel = randomNormal(rng, [1, 1, C * M, F]);
    const bias = randomNormal(rng, [F]);
    const layer = separableConv2d({ filters: F, kernelSize: K, depthMultiplier: M, activation: 'relu' });
    const { y } = layer.apply({ depthwiseKernel, pointwiseKernel, bias }, x, ctx);
    const [xd, dk, pk, bd] = [x, depthwiseKernel, pointwiseKernel, bias].map((t) => t.dataSync());
    const [OH, OW] = [H - K + 1, W - K + 1];
    const want: number[] = [];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++)
          for (let f = 0; f < F; f++) {
            let sum = bd![f]!;
            for (let c = 0; c < C; c++)
              for (let m = 0; m < M; m++) {
                let mid = 0;
                for (let p = 0; p < K; p++)
                  for (let q = 0; q < K; q++)
                    mid += xd![((b * H + i + p) * W + j + q) * C + c]! * dk![((p * K + q) * C + c) * M + m]!;
                sum += mid * pk![(c * M + m) * F + f]!;
              }
            want.push(Math.max(sum, 0));
          }
    expect(y.shape).toEqual([B, OH, OW, F]);
    expectClose(y.dataSync(), want, 1e-5);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, depthwiseKernel, pointwiseKernel, bias, y]);
  });

  it('gradients match central differences (same padding, stride 2)', () => {
    const x = randomNormal(createRng(2), [1, 5, 6, 2]);
    expectGradients(
      separableConv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2 }),
      [x],
      {
        step: 1e-2,
        rtol: 1e-3,
      },
    );
    x.dispose();
  });

  it("inits Keras's three params", () => {
    const { params, outputShape } = separableConv2d({
      filters: 8,
      kernelSize: [3, 5],
      depthMultiplier: 3,
    }).init(createRng(0), [null, 10, 10, 4]);
    expect(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, (v as tf.Tensor).shape]))).toEqual({
      depthwiseKernel: [3, 5, 4, 3],
      pointwiseKernel: [1, 1, 12, 8],
      bias: [8],
    });
    expect(outputShape).toEqual([null, 8, 6, 8]);
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });

  it('leaks no tensors across init, apply and training steps', () => {
    expectNoLeaks(separableConv2d({ filters: 3, kernelSize: 3, padding: 'same' }), [[2, 4, 4, 2]]);
  });

  it('says what is wrong', () => {
    expect(() => separableConv2d({ filters: 2, kernelSize: 3, pointwise: 1 } as never)).toThrow(
      /unknown option 'pointwise'/,
    );
    const { params } = separableConv2d({ filters: 2, kernelSize: 3, name: 's' }).init(createRng(0), [
      null,
      4,
      4,
      3,
    ]);
    expect(() =>
      separableConv2d({ filters: 2, kernelSize: 3, name: 's' }).apply(params, tf.zeros([1, 4, 4, 1]), ctx),
    ).toThrow("separableConv2d 's': expected input shape [?, ?, ?, 3], got [1, 4, 4, 1]");
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });
});
