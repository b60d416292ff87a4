import { Tensor } from '@tensorflow/tfjs-core';

/** Whether an element holds a tensor anywhere inside it. */
export function holdsTensor(x: unknown): boolean {
  if (x instanceof Tensor) return true;
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return false;
  return (Array.isArray(x) ? x : Object.values(x)).some(holdsTensor);
}
