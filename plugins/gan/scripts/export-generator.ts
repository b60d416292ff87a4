/*
 * Writes a trained GAN's generator alone as one safetensors file, for a page or app that only samples
 * (the docs site's "GAN samples" page ships one):
 *
 *   tsx --conditions=strata-source plugins/gan/scripts/export-generator.ts \
 *     --gan runs/mnist-conditional --out docs/public/gan/mnist-conditional-generator.safetensors
 *
 * The tensors are `params/…` and `state/…` (batch-norm statistics) of the generator; the metadata
 * holds `architecture` (the registry id), `options` (its options as JSON) and `epochs`, so a reader
 * rebuilds the parts with `conditionalGan(options)` / `dcgan(options)` and calls `generateImages`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { disposeTree, encodeSafetensors, type TensorTree } from '@strata/core';
import { loadCheckpoint } from '@strata/train';

const { values } = parseArgs({ options: { gan: { type: 'string' }, out: { type: 'string' } } });
if (!values.gan || !values.out) {
  console.error('usage: export-generator.ts --gan <GAN run folder> --out <file.safetensors>');
  process.exit(2);
}
await useBackend('cpu');
const config = JSON.parse(readFileSync(join(values.gan, 'config.json'), 'utf8')) as {
  model: { id: string; options: Record<string, unknown> };
};
const gan = loadCheckpoint(join(values.gan, 'model'));
const tree = {
  params: gan.params.generator as TensorTree,
  state: (gan.state.generator ?? {}) as TensorTree,
};
const bytes = encodeSafetensors(tree, {
  architecture: config.model.id,
  options: JSON.stringify(config.model.options),
  epochs: String(gan.epoch + 1),
});
writeFileSync(values.out, bytes);
console.log(
  `${values.out}: ${bytes.byteLength} bytes, ${config.model.id} generator after ${gan.epoch + 1} epochs`,
);
disposeTree([gan.params, gan.state]);
