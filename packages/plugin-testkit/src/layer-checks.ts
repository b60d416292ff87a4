import { useBackend } from '@strata/backends';
import {
  createRng,
  decodeSafetensors,
  disposeTree,
  encodeSafetensors,
  flattenTree,
  formatShape,
  type Layer,
  randomNormal,
  type Shape,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCheck, EntrySpec } from './types.js';

const BATCH = 2;

/** A concrete input for `shape` (null dimensions become the batch of 2). */
function inputFor(shape: Shape, seed: number): tf.Tensor {
  return randomNormal(
    createRng(seed),
    shape.map((d) => d ?? BATCH),
  );
}

function fits(actual: readonly number[], inferred: Shape): boolean {
  return actual.length === inferred.length && inferred.every((d, i) => d === null || d === actual[i]);
}

function assertFinite(tree: Record<string, tf.Tensor>, what: string): void {
  for (const [key, t] of Object.entries(tree)) {
    const bad = Array.from(t.dataSync()).findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${what} '${key}' has a non-finite value at ${bad}`);
  }
}

/** The forward pass at inference, as plain numbers (the reference a backend or a reload must meet). */
function predict(layer: Layer, params: TensorTree, state: TensorTree, x: tf.Tensor): Float32Array {
  return tf.tidy(() => layer.apply(params, x, { training: false, state }).y.dataSync() as Float32Array);
}

/**
 * One training step's worth on the active backend: the output shape against the inferred one, then
 * three SGD steps on mean(y²) with finite gradients and `numTensors` flat from the second step on.
 */
function trainOnActiveBackend(layer: Layer, shape: Shape, label: string): Float32Array {
  const { params, state, outputShape } = layer.init(createRng(0), shape);
  const x = inputFor(shape, 1);
  let flat = flattenTree(params);
  let modelState = state;
  const counts: number[] = [];
  try {
    const reference = predict(layer, params, state, x);
    for (let i = 0; i < 3; i++) {
      const keys = Object.keys(flat);
      const { value, grads, y, next } = tf.tidy(() => {
        let out: { y: tf.Tensor; state: TensorTree } | undefined;
        const f = (...ps: tf.Tensor[]) => {
          const tree = unflattenTree(Object.fromEntries(keys.map((k, j) => [k, ps[j]!])));
          out = layer.apply(tree, x, { training: true, rng: createRng(2 + i), state: modelState });
          // valueAndGrads runs f in its own tidy: keep the new state (batch-norm statistics) past it.
          for (const t of Object.values(flattenTree(out.state))) tf.keep(t);
          return tf.mean(tf.square(out.y)) as tf.Scalar;
        };
        const r = tf.valueAndGrads(f)(keys.map((k) => flat[k]!));
        return { value: r.value, grads: r.grads, y: tf.keep(out!.y), next: out!.state };
      });
      if (!fits(y.shape, outputShape)) {
        throw new Error(
          `${label}: apply gave ${formatShape(y.shape)} where init inferred ${formatShape(outputShape)}`,
        );
      }
      if (!Number.isFinite(value.dataSync()[0]!))
        throw new Error(`${label}: the training loss is not finite`);
      assertFinite(Object.fromEntries(keys.map((k, j) => [k, grads[j]!])), `${label}: the gradient of`);
      const updated = Object.fromEntries(
        keys.map((k, j) => [k, tf.tidy(() => tf.sub(flat[k]!, tf.mul(grads[j]!, 0.01)))]),
      );
      tf.dispose([value, y, ...grads, ...Object.values(flat)]);
      if (next !== modelState) {
        disposeTree(modelState);
        modelState = next;
      }
      flat = updated;
      counts.push(tf.memory().numTensors);
    }
    if (counts[1] !== counts[2]) {
      throw new Error(
        `${label}: tensors leak: numTensors went ${counts.join(' → ')} over three training steps`,
      );
    }
    return reference;
  } finally {
    tf.dispose([x, ...Object.values(flat)]);
    disposeTree(modelState);
  }
}

/** The layer checks for one layer (or one part of an architecture) of an entry. */
export function layerChecks(
  name: string,
  make: () => Layer,
  shape: Shape,
  spec: EntrySpec,
  backends: readonly string[],
  parityTolerance: number,
): ConformanceCheck[] {
  return [
    {
      name: `${name}: trains on every available backend (shape inference, finite gradients, no leaks), matching cpu`,
      async run() {
        await useBackend('cpu');
        const reference = trainOnActiveBackend(make(), shape, `${name} on cpu`);
        for (const backend of backends.filter((b) => b !== 'cpu')) {
          try {
            await useBackend(backend as 'wasm');
          } catch {
            continue; // Not available on this machine: nothing to compare.
          }
          try {
            const out = trainOnActiveBackend(make(), shape, `${name} on ${backend}`);
            const worst = out.reduce(
              (w, v, i) => Math.max(w, Math.abs(v - reference[i]!) / Math.max(1, Math.abs(reference[i]!))),
              0,
            );
            if (worst > parityTolerance) {
              throw new Error(
                `${name}: on ${backend} the output differs from cpu by ${worst.toExponential(2)} (relative), over ${parityTolerance}`,
              );
            }
          } finally {
            await useBackend('cpu');
          }
        }
      },
    },
    {
      name: `${name}: gradients match central finite differences`,
      async run() {
        await useBackend('cpu');
        const layer = make();
        const { params, state } = layer.init(createRng(0), shape);
        const x = inputFor(shape, 1);
        const flat = flattenTree(params);
        const keys = Object.keys(flat);
        try {
          const report = checkGradients(
            (...ps) =>
              layer.apply(unflattenTree(Object.fromEntries(keys.map((k, j) => [k, ps[j]!]))), x, {
                training: false,
                state,
              }).y,
            keys.map((k) => flat[k]!),
            {
              rtol: spec.gradientTolerance?.rtol ?? 1e-2,
              atol: spec.gradientTolerance?.atol ?? 1e-3,
              step: spec.gradientTolerance?.step ?? 1e-2,
              scaleAtol: true,
            },
          );
          const first = report.failures[0];
          if (first) {
            throw new Error(
              `${name}: d/d '${keys[first.input]}'[${first.index}] is ${first.analytic} analytically but ${first.numeric} by finite differences (${report.failures.length} of ${report.checked} disagree)`,
            );
          }
        } finally {
          tf.dispose(x);
          disposeTree([params, state]);
        }
      },
    },
    {
      name: `${name}: saved as safetensors and loaded, predicts bit-identically`,
      async run() {
        await useBackend('cpu');
        const layer = make();
        const { params, state } = layer.init(createRng(0), shape);
        const x = inputFor(shape, 1);
        const bytes = encodeSafetensors({ params, state }, { entry: name });
        const loaded = decodeSafetensors(bytes).tensors as { params?: TensorTree; state?: TensorTree };
        try {
          const before = predict(layer, params, state, x);
          const after = predict(layer, loaded.params ?? {}, loaded.state ?? {}, x);
          const differ = before.findIndex((v, i) => !Object.is(v, after[i]));
          if (differ >= 0 || before.length !== after.length) {
            throw new Error(
              `${name}: after save and load, output ${differ} is ${after[differ]}, not ${before[differ]}`,
            );
          }
        } finally {
          tf.dispose(x);
          disposeTree([params, state, loaded]);
        }
      },
    },
  ];
}
