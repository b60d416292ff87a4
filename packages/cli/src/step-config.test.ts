import {
  ConfigError,
  createRegistry,
  definePlugin,
  defineStep,
  type Layer,
  type StepEntryInput,
  VERSION,
} from '@strata/core';
import { dense } from '@strata/layers';
import { describe, expect, it } from 'vitest';
import { validateConfig } from './config.js';
import { strataPlugin } from './entries/strata-plugin.js';
import { callbacksFor, entriesFor } from './run-setup.js';

/** A plugin with a two-part architecture, a step that trains it, and a callback that keeps its options. */
function partsPlugin(seen: unknown[]) {
  return definePlugin({
    meta: { name: 'parts-plugin', version: '2.0.0', namespace: 'pp' },
    strata: `^${VERSION}`,
    architectures: { pair: () => ({ encoder: dense({ units: 2 }), decoder: dense({ units: 3 }) }) },
    steps: {
      joint: ({ model }: StepEntryInput) => {
        const { encoder } = model as Record<string, Layer>;
        return defineStep({
          name: 'pp/joint',
          init: (rng) => encoder!.init(rng, [null, 3]),
          initOptimizer: () => ({}),
          step: (train) => ({ ...train, logs: {} }) as never,
        });
      },
    },
    callbacks: {
      spy: (options: unknown) => {
        seen.push(options);
        return {};
      },
    },
  });
}

const registry = (seen: unknown[] = []) => createRegistry().use(strataPlugin()).use(partsPlugin(seen));

describe('a config that names a training step', () => {
  it('reads "step" as a registry entry (an id, or { id, ...options }) and refuses anything else', () => {
    expect(validateConfig({ step: 'pp/joint' }, 'cfg').step).toEqual({ id: 'pp/joint', options: {} });
    expect(validateConfig({ step: { id: 'pp/joint', rate: 2 } }, 'cfg').step).toEqual({
      id: 'pp/joint',
      options: { rate: 2 },
    });
    expect(validateConfig({}, 'cfg').step).toBeUndefined();
    expect(() => validateConfig({ step: 5 }, 'cfg')).toThrow(/cfg: step: must name a registry entry/);
  });

  it('builds an architecture with parts when a step trains it, and says to name a step when none does', () => {
    const r = registry();
    const withStep = validateConfig({ model: 'pp/pair', step: 'pp/joint' }, 'cfg');
    const built = entriesFor(withStep, r);
    expect(Object.keys(built.model)).toEqual(['encoder', 'decoder']);
    expect(built.step?.ref).toBe('pp/joint@2.0.0');
    const without = validateConfig({ model: 'pp/pair' }, 'cfg');
    let error: unknown;
    try {
      entriesFor(without, r);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toBe(
      `model 'pp/pair': has parts (encoder, decoder), which the supervised step cannot train; name a step that trains them with "step": { "id": ... } (registered: pp/joint)`,
    );
  });

  it('refuses a step id that is not registered, or names an entry of another kind', () => {
    const r = registry();
    expect(() => entriesFor(validateConfig({ model: 'pp/pair', step: 'pp/other' }, 'cfg'), r)).toThrow(
      /step 'pp\/other'.*no such entry; the steps registered are pp\/joint/,
    );
    expect(() => entriesFor(validateConfig({ model: 'pp/pair', step: 'strata/adam' }, 'cfg'), r)).toThrow(
      /step 'strata\/adam'.*is one of the optimizers, not of the steps/,
    );
  });

  it('hands callbacks the run folder where their string options say "{run}"', () => {
    const seen: unknown[] = [];
    const config = validateConfig(
      { callbacks: [{ id: 'pp/spy', dir: '{run}/samples', nested: { paths: ['{run}/a', 'b'] }, n: 3 }] },
      'cfg',
    );
    callbacksFor(config, registry(seen), '/runs/x');
    expect(seen).toEqual([{ dir: '/runs/x/samples', nested: { paths: ['/runs/x/a', 'b'] }, n: 3 }]);
  });
});
