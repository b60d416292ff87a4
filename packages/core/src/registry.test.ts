import { describe, expect, it, vi } from 'vitest';
import { PluginError } from './errors.js';
import {
  createRegistry,
  defaultRegistry,
  definePlugin,
  type StepEntryInput,
  type StrataPlugin,
} from './registry.js';
import { defineStep } from './step.js';
import type { Layer } from './types.js';
import { VERSION } from './version.js';

const identity = (): Layer => ({
  name: 'identity',
  init: (_rng, inputShape) => ({ params: {}, state: {}, outputShape: inputShape }),
  apply: (_params, x, ctx) => ({ y: x, state: ctx.state }),
});

const plugin = (
  overrides: Partial<StrataPlugin> = {},
  meta: Partial<StrataPlugin['meta']> = {},
): StrataPlugin =>
  definePlugin({
    meta: { name: 'strata-plugin-demo', version: '1.0.0', namespace: 'demo', ...meta },
    strata: `^${VERSION}`,
    layers: { identity },
    ...overrides,
  });

describe('plugin registry', () => {
  it('registers entries under namespace/entry and creates them', () => {
    const registry = createRegistry().use(plugin());
    expect(registry.has('demo/identity')).toBe(true);
    expect(registry.get('demo/identity')).toMatchObject({ kind: 'layers', ref: 'demo/identity@1.0.0' });
    expect(registry.list('layers').map((e) => e.id)).toEqual(['demo/identity']);
    expect(registry.list('losses')).toEqual([]);
    const layer = registry.create('demo/identity', {}) as Layer;
    expect(layer.name).toBe('identity');
  });

  it('refuses a plugin whose core range excludes this core, naming both versions', () => {
    const registry = createRegistry('0.1.0');
    expect(() => registry.use(plugin({ strata: '^2.0.0' }))).toThrow(PluginError);
    expect(() => registry.use(plugin({ strata: '^2.0.0' }))).toThrow(
      /needs @strata\/core \^2\.0\.0, but this is @strata\/core 0\.1\.0/,
    );
  });

  it('names a missing dependency', () => {
    const registry = createRegistry();
    expect(() => registry.use(plugin({ dependencies: ['gan'] }))).toThrow(
      /depends on the plugin namespace 'gan', which is not in use; call registry.use\(\)/,
    );
    registry.use(plugin({}, { name: 'gan-plugin', namespace: 'gan' }));
    expect(() => registry.use(plugin({ dependencies: ['gan'] }))).not.toThrow();
  });

  it('refuses a duplicate id and a taken namespace, and ignores the same plugin twice', () => {
    const registry = createRegistry().use(plugin());
    expect(() => registry.use(plugin())).not.toThrow();
    expect(registry.list()).toHaveLength(1);
    expect(() => registry.use(plugin({}, { version: '2.0.0' }))).toThrow(
      /namespace 'demo' is already taken by strata-plugin-demo@1\.0\.0/,
    );
    expect(() => createRegistry().use(plugin({ losses: { identity: () => () => 0 as never } }))).toThrow(
      /id 'demo\/identity' is defined twice \(layers and losses\)/,
    );
  });

  it("registers training steps, whose factories get the run's built pieces", () => {
    const seen: unknown[] = [];
    const step = defineStep({
      name: 'demo-step',
      init: () => ({ params: {}, state: {} }),
      initOptimizer: () => ({}),
      step: (train) => ({ ...train, logs: {} }),
    });
    const registry = createRegistry().use(
      plugin({
        steps: {
          twice: (input: StepEntryInput) => {
            seen.push(input.options, input.inputShape);
            return step;
          },
        },
      }),
    );
    const input: StepEntryInput = { options: { k: 2 }, model: identity(), inputShape: [null, 3] };
    expect(registry.create('demo/twice', input)).toBe(step);
    expect(seen).toEqual([{ k: 2 }, [null, 3]]);
    expect(registry.get('demo/twice').kind).toBe('steps');
    expect(registry.list('steps').map((e) => e.ref)).toEqual(['demo/twice@1.0.0']);
  });

  it('explains an unknown id', () => {
    const registry = createRegistry().use(plugin());
    expect(() => registry.get('gan/dcgan')).toThrow(/no plugin with namespace 'gan' is in use/);
    expect(() => registry.get('demo/nope')).toThrow(/has demo\/identity/);
  });

  it('checks the plugin shape where it is defined', () => {
    expect(() => plugin({}, { namespace: 'Bad NS' })).toThrow(/meta.namespace must match/);
    expect(() => plugin({}, { version: 'one' })).toThrow(/meta.version must be a semver version/);
    expect(() => plugin({ strata: 'whatever' })).toThrow(/strata must be a semver range/);
    expect(() => plugin({ layers: { x: 3 as never } })).toThrow(/layers.x must be a factory function/);
  });

  it('is shared by two separately loaded copies of core', async () => {
    const first = defaultRegistry();
    vi.resetModules();
    const copy = await import('./registry.js?copy=2' as string);
    expect(copy.defaultRegistry).not.toBe(defaultRegistry);
    first.use(plugin({}, { name: 'shared', namespace: 'shared' }));
    expect(copy.defaultRegistry().has('shared/identity')).toBe(true);
    expect(copy.defaultRegistry()).toBe(first);
  });
});
