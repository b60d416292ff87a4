import { ConfigError, countTree, createRng, disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { conditionalGan } from './conditional-gan.js';
import { dcgan } from './dcgan.js';

describe('gan/dcgan and gan/conditional', () => {
  it("builds DCGAN's shapes: noise → size/4 → size/2 → size images, images → one logit, parameters counted by hand", () => {
    const before = tf.memory().numTensors;
    const { generator, discriminator } = dcgan({ imageSize: 8, latent: 4, filters: 2 });
    const g = generator.init(createRng(0), [null, 4]);
    const d = discriminator.init(createRng(1), [null, 8, 8, 1]);
    expect(g.outputShape).toEqual([null, 8, 8, 1]);
    expect(d.outputShape).toEqual([null, 1]);
    // Generator, s = 8/4 = 2, 2f = 4: dense 4→2·2·4 without bias (64), batch norm γ, β (2·16),
    // 5×5 transposed conv 4→2 without bias (200), batch norm (2·2), 5×5 transposed conv 2→1 with bias (51).
    expect(countTree(g.params)).toBe(64 + 32 + 200 + 4 + 51);
    // Discriminator: 5×5 conv 1→2 (50 + 2), 5×5 conv 2→4 (200 + 4), 8 → 4 → 2 so 2·2·4 features, dense (16 + 1).
    expect(countTree(d.params)).toBe(52 + 204 + 17);
    const z = tf.randomNormal([3, 4], 0, 1, 'float32', 1);
    const images = generator.apply(g.params, z, { training: false, state: g.state }).y;
    // tanh output lies in (-1, 1).
    const v = images.dataSync();
    expect(v.every((x) => x > -1 && x < 1)).toBe(true);
    const logits = discriminator.apply(d.params, images, { training: false, state: {} }).y;
    expect(logits.shape).toEqual([3, 1]);
    tf.dispose([z, images, logits]);
    disposeTree(g);
    disposeTree(d);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives sigmoid images in (0, 1), and the conditional parts take one-hot labels on both inputs', () => {
    const { generator } = dcgan({ imageSize: 4, latent: 2, filters: 2, output: 'sigmoid' });
    const g = generator.init(createRng(0), [null, 2]);
    const y = tf.tidy(
      () => generator.apply(g.params, tf.ones([2, 2]), { training: false, state: g.state }).y,
    );
    expect(Array.from(y.dataSync()).every((x) => x > 0 && x < 1)).toBe(true);
    tf.dispose(y);
    disposeTree(g);
    const c = conditionalGan({ imageSize: 4, latent: 2, filters: 2, classes: 3 });
    const cg = c.generator.init(createRng(0), [null, 5]);
    const cd = c.discriminator.init(createRng(0), [null, 4, 4, 4]);
    expect(cg.outputShape).toEqual([null, 4, 4, 1]);
    // The first convolution's kernel sees 1 image channel + 3 label channels.
    expect((cd.params as { conv2d: { kernel: tf.Tensor } }).conv2d.kernel.shape).toEqual([5, 5, 4, 2]);
    disposeTree(cg);
    disposeTree(cd);
  });

  it('takes the kernel side for every convolution of both parts (4×4: parameters counted by hand)', () => {
    const { generator, discriminator } = dcgan({ imageSize: 8, latent: 4, filters: 2, kernelSize: 4 });
    const g = generator.init(createRng(0), [null, 4]);
    const d = discriminator.init(createRng(1), [null, 8, 8, 1]);
    expect(g.outputShape).toEqual([null, 8, 8, 1]);
    // As above with 4×4 kernels: transposed convs 4·4·4·2 (128) and 4·4·2·1 + 1 (33).
    expect(countTree(g.params)).toBe(64 + 32 + 128 + 4 + 33);
    // Convs 4·4·1·2 + 2 (34) and 4·4·2·4 + 4 (132), dense 17.
    expect(countTree(d.params)).toBe(34 + 132 + 17);
    disposeTree([g, d]);
  });

  it('refuses bad options with labelled errors that say what is allowed', () => {
    expect(() => dcgan({ imageSize: 30 })).toThrow(/gan\/dcgan\(\{imageSize\}\).*multiple of 4/);
    expect(() => dcgan({ latentSize: 3 } as never)).toThrow(ConfigError);
    expect(() => dcgan({ output: 'relu' } as never)).toThrow(/'tanh', 'sigmoid'/);
    expect(() => dcgan({ dropout: 1 })).toThrow(/\[0, 1\)/);
    expect(() => dcgan({ kernelSize: 0 })).toThrow(/gan\/dcgan\(\{kernelSize\}\)/);
    expect(() => conditionalGan({ classes: 1 })).toThrow(/gan\/conditional\(\{classes\}\)/);
    expect(() => dcgan({ classes: 10 } as never)).toThrow(/unknown option 'classes'/);
  });
});
