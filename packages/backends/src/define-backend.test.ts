import { ConfigError, createRegistry, definePlugin, PluginError } from '@strata/core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackendSelector } from './backend-selector.js';
import { type BackendSpec, defineBackend } from './define-backend.js';
import { cpuBackend } from './specs/cpu.js';

const registered = new Set<string>();

/** A backend over tfjs's cpu kernels registered under `name`, as a package import would. */
function cpuLike(name: string, extra: Partial<BackendSpec> = {}): BackendSpec {
  return defineBackend({
    name,
    package: `${name}-package`,
    tfjsName: name,
    device: 'cpu',
    load: async () => {
      if (tf.findBackendFactory(name) == null) {
        registered.add(name);
        tf.registerBackend(name, () => new MathBackendCPU());
        tf.copyRegisteredKernels('cpu', name);
      }
      return {};
    },
    ...extra,
  });
}

const noTraining = () => undefined;

afterEach(async () => {
  await tf.setBackend('cpu');
  for (const name of registered) tf.removeBackend(name);
  registered.clear();
});

describe('defineBackend', () => {
  it('returns the spec frozen, priority included', () => {
    const spec = cpuLike('frozen', { priority: { node: 5 } });
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.priority)).toBe(true);
    expect(defineBackend(spec)).toBe(spec);
  });

  it('rejects a malformed spec where it is written, with a labelled error', () => {
    const base = { name: 'x', package: 'x', tfjsName: 'x', device: 'cpu', load: async () => ({}) } as const;
    const cases: Array<[object, string]> = [
      [{ ...base, name: 'Bad Name' }, 'defineBackend("Bad Name"): name must match /^[a-z][a-z0-9-]*$/'],
      [{ ...base, name: 'auto' }, "and not be 'auto'"],
      [{ ...base, package: '' }, 'defineBackend("x"): package must be a non-empty string, got ""'],
      [{ ...base, load: 'pkg' }, 'defineBackend("x"): load must be a function, got string'],
      [{ ...base, device: 'tpu' }, `device must be 'cpu' or 'gpu', got "tpu"`],
      [{ ...base, runtime: 'deno' }, `runtime must be 'node', 'browser' or 'any', got "deno"`],
      [{ ...base, priority: { node: Number.NaN } }, 'priority.node must be a finite number, got null'],
      [{ ...base, priority: { server: 1 } }, "unknown option 'server'"],
      [{ ...base, prob: () => null }, 'defineBackend("x"): unknown option \'prob\''],
    ];
    for (const [spec, message] of cases) {
      expect(() => defineBackend(spec as BackendSpec)).toThrow(ConfigError);
      expect(() => defineBackend(spec as BackendSpec)).toThrow(message);
    }
  });
});

describe('the backend list', () => {
  it("puts a selector's backend into 'auto' by its priority, above wasm here", async () => {
    const fast = cpuLike('fast-cpu', { priority: { node: 25 } });
    const { useBackend, listBackends } = createBackendSelector({
      isBrowser: false,
      backends: [fast],
      registerTraining: noTraining,
    });
    const info = await useBackend('auto');
    expect(info.name).toBe('fast-cpu');
    expect(tf.getBackend()).toBe('fast-cpu');
    expect(info.reason.split('; ').slice(0, 1)).toEqual(['fast-cpu: fastest that initialised here']);
    const names = (await listBackends()).map((r) => r.name);
    expect(names).toEqual(['node-gpu', 'webgpu', 'node', 'fast-cpu', 'wasm', 'cpu', 'webgl']);
  });

  it('runs probe before initialising: a reason from probe makes the backend unavailable', async () => {
    const blocked = cpuLike('blocked', { probe: () => 'no accelerator on this machine' });
    const { useBackend } = createBackendSelector({ isBrowser: false, backends: [blocked] });
    await expect(useBackend('blocked')).rejects.toThrow(
      "useBackend('blocked'): no accelerator on this machine",
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it('reads plugins from the registry at each call, and rejects two backends of one name', async () => {
    const registry = createRegistry();
    const { useBackend } = createBackendSelector({
      isBrowser: false,
      registry,
      registerTraining: noTraining,
    });
    expect(() => useBackend('late')).toThrow('got "late"');
    const late = cpuLike('late');
    registry.use(
      definePlugin({
        meta: { name: 'late-plugin', version: '1.0.0', namespace: 'late' },
        strata: '^0.1.0',
        backends: { late: () => late },
      }),
    );
    expect((await useBackend('late')).name).toBe('late');
    expect(tf.getBackend()).toBe('late');

    registry.use(
      definePlugin({
        meta: { name: 'clash-plugin', version: '1.0.0', namespace: 'clash' },
        strata: '^0.1.0',
        backends: { cpu: () => ({ ...cpuBackend }) },
      }),
    );
    expect(() => useBackend('cpu')).toThrow(
      "backends: backend 'cpu' is defined twice (by @strata/backends and by plugin clash-plugin (clash/cpu)); give one of them another name",
    );
  });

  it('says what a plugin entry must return', () => {
    const registry = createRegistry();
    registry.use(
      definePlugin({
        meta: { name: 'odd-plugin', version: '1.0.0', namespace: 'odd' },
        strata: '^0.1.0',
        backends: { npu: () => cpuLike('other-name'), broken: () => ({ name: 'broken' }) },
      }),
    );
    const { listBackends } = createBackendSelector({ registry });
    expect(() => listBackends()).toThrow(PluginError);
    expect(() => listBackends()).toThrow(
      "backends: odd/npu: the entry returns backend 'other-name'; name the entry after its backend",
    );
  });
});
