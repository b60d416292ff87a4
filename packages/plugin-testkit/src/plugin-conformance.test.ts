import {
  ConfigError,
  customOp,
  definePlugin,
  defineStep,
  type Layer,
  type Loss,
  type StepEntryInput,
  type StrataPlugin,
  VERSION,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { pluginConformance } from './plugin-conformance.js';
import type { ConformanceOptions } from './types.js';

/** y = x · w + b per feature; `init` must be a number. */
function scale(options: unknown, grad: 'right' | 'wrong' = 'right', leak = false): Layer {
  const { init = 1 } = (options ?? {}) as { init?: unknown };
  if (typeof init !== 'number')
    throw new ConfigError('demo/scale({init})', `must be a number, got ${typeof init}`);
  const mul = customOp(([x, w], save) => {
    save([x!, w!]);
    return {
      value: tf.mul(x!, w!),
      gradFunc: (dy, [sx, sw]) => [
        tf.mul(dy, sw!),
        tf.sum(tf.mul(dy, grad === 'right' ? sx! : tf.mul(sx!, 2)), 0),
      ],
    };
  });
  return {
    name: 'scale',
    init: (_rng, shape) => {
      const n = shape[shape.length - 1] as number;
      return { params: { w: tf.fill([n], init), b: tf.zeros([n]) }, state: {}, outputShape: shape };
    },
    apply: (params, x, ctx) => {
      if (leak) tf.keep(tf.ones([1]));
      return {
        y: tf.tidy(() => tf.add(mul(x, params.w as tf.Tensor), params.b as tf.Tensor)),
        state: ctx.state,
      };
    },
  };
}

const meanSquare: Loss = (yTrue, yPred) =>
  tf.tidy(() => tf.mean(tf.square(tf.sub(yTrue, yPred))) as tf.Scalar);

function demoPlugin(layer: (o: unknown) => Layer = (o) => scale(o)): StrataPlugin {
  return definePlugin({
    meta: { name: 'strata-plugin-demo', version: '1.0.0', namespace: 'demo' },
    strata: `^${VERSION}`,
    layers: { scale: layer },
    architectures: {
      pair: (o: unknown) => {
        if (o !== undefined && typeof o !== 'object')
          throw new ConfigError('demo/pair', 'options must be an object');
        return { encoder: scale({}), decoder: scale({ init: 2 }) };
      },
    },
    losses: {
      'mean-square': (o: unknown) => {
        if (o !== undefined && Object.keys(o as object).length > 0)
          throw new ConfigError('demo/mean-square', 'takes no options');
        return meanSquare;
      },
    },
    steps: {
      regress: ({ options, model }: StepEntryInput) => {
        const { rate = 0.1 } = (options ?? {}) as { rate?: unknown };
        if (typeof rate !== 'number') throw new ConfigError('demo/regress({rate})', 'must be a number');
        const layer = model as Layer;
        return defineStep({
          name: 'regress',
          init: (rng) => {
            const { params, state } = layer.init(rng, [null, 2]);
            return { params, state };
          },
          initOptimizer: () => ({}),
          step: (train, batch) => {
            const keys = Object.keys(train.params);
            const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => {
              const params = Object.fromEntries(keys.map((k, i) => [k, ps[i]!]));
              const { y } = layer.apply(params, batch.x!, { training: true, state: train.state });
              return meanSquare(batch.y!, y);
            })(keys.map((k) => train.params[k] as tf.Tensor));
            const params = Object.fromEntries(
              keys.map((k, i) => [k, tf.sub(train.params[k] as tf.Tensor, tf.mul(grads[i]!, rate))]),
            );
            return { params, state: train.state, optState: {}, logs: { loss: value } };
          },
        });
      },
    },
  });
}

const specs = (): ConformanceOptions => ({
  entries: {
    'demo/scale': { options: { init: 0.5 }, badOptions: [{ init: 'big' }], inputShape: [null, 3] },
    'demo/pair': { options: {}, badOptions: [7], inputShape: { encoder: [null, 2], decoder: [null, 2] } },
    'demo/mean-square': {
      options: {},
      badOptions: [{ weights: 2 }],
      lossInputs: () => [tf.tensor2d([[1, 2]]), tf.tensor2d([[0.5, 2.5]])],
    },
    'demo/regress': {
      options: { rate: 0.1 },
      badOptions: [{ rate: 'fast' }],
      stepInput: () => ({ options: {}, model: scale({}), inputShape: [null, 2] }),
      batch: () => ({
        x: tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        y: tf.tensor2d([
          [2, 4],
          [6, 8],
        ]),
      }),
    },
  },
});

async function failures(plugin: StrataPlugin, options = specs()): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const check of pluginConformance(plugin, options)) {
    try {
      await check.run();
    } catch (e) {
      out[check.name] = (e as Error).message;
    }
  }
  return out;
}

describe('pluginConformance', () => {
  it('passes a conforming plugin: every check of every kind of entry', async () => {
    const checks = pluginConformance(demoPlugin(), specs());
    // plugin + coverage, 2 option checks × 4 entries, 3 layer checks × (1 layer + 2 parts), 1 loss, 1 step.
    expect(checks).toHaveLength(2 + 8 + 9 + 1 + 1);
    expect(await failures(demoPlugin())).toEqual({});
  });

  it('catches a wrong hand-written gradient, naming the parameter and both values', async () => {
    const found = await failures(demoPlugin((o) => scale(o, 'wrong')));
    expect(found['demo/scale: gradients match central finite differences']).toMatch(
      /d\/d 'w'\[\d\] is .* analytically but .* by finite differences/,
    );
  });

  it('catches a layer that leaks a tensor per step, and one that accepts bad options', async () => {
    const leaky = await failures(demoPlugin((o) => scale(o, 'right', true)));
    expect(Object.values(leaky).join('\n')).toMatch(
      /demo\/scale on cpu: tensors leak: numTensors went \d+ → \d+ → \d+/,
    );
    const lax = await failures(demoPlugin(() => scale({})));
    expect(lax['demo/scale: refuses bad options with a labelled error']).toBe(
      'demo/scale: accepted the bad options {"init":"big"}',
    );
  });

  it('fails an entry without a spec, a spec without an entry, and a range that excludes this core', async () => {
    const { 'demo/pair': _pair, ...rest } = specs().entries;
    const missing = await failures(demoPlugin(), { entries: { ...rest, 'demo/ghost': rest['demo/scale']! } });
    expect(missing['strata-plugin-demo: every entry has a conformance spec, and every spec an entry']).toBe(
      'no spec for demo/pair; specs for ids the plugin does not register: demo/ghost',
    );
    const old = { ...demoPlugin(), strata: '^0.0.1' };
    const [first] = pluginConformance(old, specs());
    await expect(first!.run()).rejects.toThrow(`does not admit @strata/core ${VERSION}`);
  });
});
