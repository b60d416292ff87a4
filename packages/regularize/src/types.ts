import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Chooses params by their flat key ('block1/conv/kernel') and value: `true` means the param is
 * penalised or decayed. A common choice leaves biases and normalisation scales alone:
 * `(key) => key.endsWith('kernel')`.
 */
export type ParamMask = (key: string, param: Tensor) => boolean;
