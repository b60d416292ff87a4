import { ConfigError, type TensorTree } from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** The tensor `params[key]`, or a labelled error saying the params do not belong to this layer. */
export function param(params: TensorTree, key: string, label: string): Tensor {
  const value = params?.[key];
  if (value === undefined || !('dataId' in value)) {
    throw new ConfigError(
      label,
      `params has no tensor '${key}' (keys: ${Object.keys(params ?? {}).join(', ') || 'none'}); pass the params this layer's init returned`,
    );
  }
  return value as Tensor;
}

/** `kind 'name'`, the label every message of a layer starts with. */
export function layerLabel(kind: string, name: string): string {
  return `${kind} '${name}'`;
}
