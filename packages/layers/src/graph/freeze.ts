import { ConfigError, flattenTree, type TensorTree } from '@strata/core';

/** Which params train: a tree of booleans shaped like the params, `false` at frozen leaves. */
export interface TrainableMask {
  readonly [name: string]: boolean | TrainableMask;
}

/**
 * A trainable mask for `params` with everything under `paths` frozen (`false`) and the rest trainable.
 * A path is a layer name (`'dense'`), a nested layer (`'encoder/conv2d'`) or one param
 * (`'dense/kernel'`). Pass the mask to the training step (`supervisedStep({ trainable })`): frozen
 * params get zero updates and no optimizer state. Start from an earlier mask to freeze more.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { dense, freeze, sequential } from '@strata/layers';
 *
 * const net = sequential([dense({ units: 4 }), dense({ units: 1 })]);
 * const { params } = net.init(createRng(0), [null, 3]);
 * freeze(params, ['dense']); // => { dense: { kernel: false, bias: false }, dense_1: { kernel: true, bias: true } }
 * ```
 */
export function freeze(params: TensorTree, paths: readonly string[], from?: TrainableMask): TrainableMask {
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new ConfigError(
      'freeze(paths)',
      `must be an array of non-empty strings, got ${JSON.stringify(paths)}`,
    );
  }
  const keys = Object.keys(flattenTree(params));
  const under = (key: string, path: string) => key === path || key.startsWith(`${path}/`);
  for (const path of paths) {
    if (!keys.some((k) => under(k, path))) {
      const layers = [...new Set(keys.map((k) => k.split('/')[0]!))];
      throw new ConfigError(
        `freeze('${path}')`,
        `names no params; the params' layers are ${layers.map((l) => `'${l}'`).join(', ')} (keys like '${keys[0] ?? ''}')`,
      );
    }
  }
  const root: Record<string, unknown> = {};
  for (const key of keys) {
    const parts = key.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      if (node[part] === undefined) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = !paths.some((p) => under(key, p)) && isTrainable(from, key);
  }
  return root as TrainableMask;
}

/** Whether an earlier mask leaves `key` trainable (a boolean at a prefix covers what is below it). */
function isTrainable(mask: TrainableMask | undefined, key: string): boolean {
  let node: boolean | TrainableMask | undefined = mask;
  for (const part of key.split('/')) {
    if (node === undefined) return true;
    if (typeof node === 'boolean') return node;
    node = node[part];
  }
  return node !== false;
}
