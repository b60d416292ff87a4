import { ConfigError, createRng, flattenTree, type Layer } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { add } from '../add.js';
import { dense } from '../dense.js';
import { graphFromSpec } from './graph-from-spec.js';

const factories: Record<string, (o: never) => Layer> = { 'strata/dense': dense, 'strata/add': add };
const create = (id: string, options: unknown) => {
  const make = factories[id];
  if (!make) throw new ConfigError('create', `unknown id ${id}`);
  return make(options as never);
};

describe('graphFromSpec', () => {
  it('builds the graph the JSON describes, params under the names it gives', () => {
    const net = graphFromSpec(
      {
        name: 'towers',
        inputs: [
          { name: 'a', shape: [null, 3] },
          { name: 'b', shape: [null, 3] },
        ],
        layers: [
          { name: 'left', id: 'strata/dense', options: { units: 2 }, inputs: ['a'] },
          { name: 'right', id: 'strata/dense', options: { units: 2 }, inputs: ['b'] },
          { name: 'both', id: 'strata/add', inputs: ['left', 'right'] },
        ],
        outputs: ['both', 'left'],
      },
      create,
    );
    expect(net.name).toBe('towers');
    expect(net.inputNames).toEqual(['a', 'b']);
    const { params, outputShapes } = net.initAll(createRng(0));
    expect(Object.keys(flattenTree(params))).toEqual([
      'left/kernel',
      'left/bias',
      'right/kernel',
      'right/bias',
    ]);
    expect(outputShapes).toEqual([
      [null, 2],
      [null, 2],
    ]);
    tf.dispose(Object.values(flattenTree(params)));
  });

  it('names a call that reads something not yet defined, and a name used twice', () => {
    const inputs = [{ name: 'x', shape: [null, 3] }];
    expect(() =>
      graphFromSpec(
        {
          inputs,
          layers: [{ name: 'h', id: 'strata/dense', options: { units: 1 }, inputs: ['y'] }],
          outputs: ['h'],
        },
        create,
      ),
    ).toThrow("graphFromSpec(layers[0]): reads 'y', which is not an input or an earlier layer (known: x)");
    expect(() =>
      graphFromSpec(
        {
          inputs,
          layers: [{ name: 'x', id: 'strata/dense', options: { units: 1 }, inputs: ['x'] }],
          outputs: ['x'],
        },
        create,
      ),
    ).toThrow(/the name 'x' is used twice/);
    expect(() => graphFromSpec({ inputs, layers: [], outputs: ['z'] }, create)).toThrow(/outputs\[0\]/);
  });
});
