import { ConfigError } from '@strata/core';
import { type Activation, type ActivationName, getActivation } from '../activations.js';
import { zeros } from '../initializers/constant.js';
import type { Initializer } from '../initializers/initializer.js';
import { glorotUniform } from '../initializers/variance-scaling.js';
import { checkFunction, checkName } from './options.js';
import { layerLabel } from './params.js';

/** The options every convolution layer shares with `conv2d`. */
export interface ConvCommonOptions {
  /** Default `linear`. */
  readonly activation?: ActivationName | Activation;
  /** Default true. */
  readonly useBias?: boolean;
  /** Default `zeros()`. */
  readonly biasInitializer?: Initializer;
  readonly name?: string;
}

/** Checks the shared options of a convolution layer `fn` and fills in Keras's defaults. */
export function convCommon(
  options: ConvCommonOptions,
  fn: string,
  defaultName: string,
  kernelInitializers: Record<string, Initializer | undefined>,
) {
  const { useBias = true } = options;
  const name = checkName(options.name, defaultName, `${fn}({name})`);
  const activation = getActivation(options.activation, `${fn}({activation})`);
  const biasInit = options.biasInitializer ?? zeros();
  checkFunction(biasInit, `${fn}({biasInitializer})`, 'pass e.g. zeros()');
  const kernelInits: Record<string, Initializer> = {};
  for (const [key, init] of Object.entries(kernelInitializers)) {
    kernelInits[key] = init ?? glorotUniform();
    checkFunction(kernelInits[key], `${fn}({${key}})`, 'pass e.g. glorotUniform()');
  }
  if (typeof useBias !== 'boolean') {
    throw new ConfigError(`${fn}({useBias})`, `must be a boolean, got ${typeof useBias}`);
  }
  return { name, activation, biasInit, kernelInits, useBias, label: layerLabel(fn, name) };
}
