import { Tensor } from '@tensorflow/tfjs-core';

/**
 * Disposes every tensor inside an element (nested records and arrays). Stages call it on elements they
 * drop (filter, skip, buffers left when a pass stops early), because only elements handed to the
 * consumer become the consumer's to dispose.
 */
export function disposeElement(x: unknown): void {
  if (x instanceof Tensor) {
    x.dispose();
    return;
  }
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return;
  for (const v of Array.isArray(x) ? x : Object.values(x)) disposeElement(v);
}

/** Whether an element holds a tensor anywhere inside it. */
export function holdsTensor(x: unknown): boolean {
  if (x instanceof Tensor) return true;
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return false;
  return (Array.isArray(x) ? x : Object.values(x)).some(holdsTensor);
}
