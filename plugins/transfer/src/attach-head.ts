import {
  ConfigError,
  disposeTree,
  flattenTree,
  type Layer,
  type Rng,
  type Shape,
  ShapeError,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import { cutAt, freeze, sequential, type TrainableMask } from '@strata/layers';
import * as tf from '@tensorflow/tfjs-core';

/** Options of `attachHead`. */
export interface AttachHeadOptions {
  /** The trained network (a Strata model, or `importTfjsLayers(...).model`). */
  readonly backbone: Layer;
  /** Its trained params (and state); copied, so the caller keeps ownership of these. */
  readonly params: TensorTree;
  readonly state?: TensorTree;
  /** The layer whose output the head reads (`cutAt`); default: the backbone's output. */
  readonly at?: string;
  /** The new head, e.g. `classifierHead({ classes })`. */
  readonly head: Layer;
  /** One example's shape, the batch as null. */
  readonly inputShape: Shape;
  /** Draws the head's initial params. */
  readonly rng: Rng;
}

/** A backbone with a new head, its starting params and state, and a mask with the backbone frozen. */
export interface TransferModel {
  /** `sequential([backbone cut at 'at', head])`: params `{ [backbone.name]: …, [head.name]: … }`. */
  readonly model: Layer;
  readonly params: TensorTree;
  readonly state: TensorTree;
  /** The backbone frozen, the head trainable: pass as `fit({ trainable })`. */
  readonly trainable: TrainableMask;
  /** The names the two parts' params sit under. */
  readonly names: { readonly backbone: string; readonly head: string };
}

function copyInto(fresh: TensorTree, trained: TensorTree, label: string): TensorTree {
  const from = flattenTree(trained);
  return unflattenTree(
    Object.fromEntries(
      Object.entries(flattenTree(fresh)).map(([key, t]) => {
        const src = from[key];
        if (!src) {
          throw new ConfigError(
            label,
            `the backbone's params have no '${key}'; pass the params the backbone was trained with`,
          );
        }
        if (src.shape.join() !== t.shape.join()) {
          throw new ShapeError(
            label,
            `'${key}' has shape [${src.shape.join(', ')}] but the cut backbone needs [${t.shape.join(', ')}]`,
          );
        }
        return [key, tf.clone(src)];
      }),
    ),
  );
}

/**
 * Transfer learning's first move: cut a trained backbone at a layer (`cutAt`), put a new head on it,
 * start from the trained weights (copied) with a fresh head, and freeze the backbone (`freeze`). Train
 * the head with `fit({ model, trainable, initialParams: { params, state } })`, then fine-tune the top
 * of the backbone at a lower rate (`topLayersTrainable`, `fineTuneOptimizer`). The caller owns the
 * returned params and state.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { dense, sequential } from '@strata/layers';
 * import { attachHead, classifierHead } from '@strata/plugin-transfer';
 *
 * const backbone = sequential([dense({ units: 8 }), dense({ units: 4 }), dense({ units: 3 })], { name: 'backbone' });
 * const trained = backbone.init(createRng(0), [null, 2]);
 * const t = attachHead({
 *   backbone, params: trained.params, at: 'dense_1', head: classifierHead({ classes: 2 }), inputShape: [null, 2], rng: createRng(1),
 * });
 * Object.keys(t.params); // => ['backbone', 'head']
 * t.trainable.backbone; // => { dense: { kernel: false, bias: false }, dense_1: { kernel: false, bias: false } }
 * ```
 */
export function attachHead(options: AttachHeadOptions): TransferModel {
  const label = `attachHead(${options.backbone?.name ?? '?'})`;
  const { backbone, head, inputShape, rng } = options;
  if (backbone.name === head.name) {
    throw new ConfigError(
      label,
      `the backbone and the head are both named '${head.name}'; give the head another name`,
    );
  }
  const body = options.at === undefined ? backbone : cutAt(backbone, options.at);
  const model = sequential([body, head], { name: 'transfer' });
  const fresh = model.init(rng, inputShape);
  const names = { backbone: backbone.name, head: head.name };
  const params: Record<string, TensorTree> = {};
  const state: Record<string, TensorTree> = {};
  if (fresh.params[names.backbone]) {
    params[names.backbone] = copyInto(fresh.params[names.backbone] as TensorTree, options.params, label);
  }
  if (fresh.state[names.backbone]) {
    state[names.backbone] = copyInto(fresh.state[names.backbone] as TensorTree, options.state ?? {}, label);
  }
  disposeTree([fresh.params[names.backbone] ?? {}, fresh.state[names.backbone] ?? {}]);
  if (fresh.params[names.head]) params[names.head] = fresh.params[names.head] as TensorTree;
  if (fresh.state[names.head]) state[names.head] = fresh.state[names.head] as TensorTree;
  // A cut with no params (a pooling or flatten layer alone) leaves nothing to freeze.
  const trainable = freeze(params, params[names.backbone] ? [names.backbone] : []);
  return { model, params, state, trainable, names };
}
