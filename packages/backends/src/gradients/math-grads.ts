/**
 * Gradients of element-wise unary math: exponentials and logarithms, powers, trigonometric and
 * hyperbolic functions, `erf`, clipping and the value-preserving `Cast`/`Identity`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { saved, single } from './util.js';

/** The pointwise gradient of a unary kernel: `x` is the input, `y` the output when saved. */
type UnaryRule = (x: tf.Tensor, dy: tf.Tensor, y: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor;

/**
 * A gradient config for a one-input kernel (input name `x`). `uses` says whether the rule reads the
 * input, the output or both, so only those are kept alive until backprop.
 */
export function unaryGrad(kernelName: string, uses: 'x' | 'y' | 'xy', rule: UnaryRule): tf.GradConfig {
  const saveX = uses !== 'y';
  const saveY = uses !== 'x';
  return {
    kernelName,
    ...(saveX ? { inputsToSave: ['x'] } : {}),
    ...(saveY ? { outputsToSave: [true] } : {}),
    gradFunc: (dy, list, attrs) => {
      const g = single(dy);
      // An unread slot gets `dy`, whose shape matches, to keep the rule's signature total.
      const x = saveX ? saved(list, 0) : g;
      const y = saveY ? saved(list, saveX ? 1 : 0) : g;
      return { x: () => rule(x, g, y, attrs) };
    },
  };
}

const mask = (t: tf.Tensor): tf.Tensor => tf.cast(t, 'float32');
/** 2 / sqrt(pi), the constant in d erf(x) / dx = 2/sqrt(pi) exp(-x²). */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const mathGrads: tf.GradConfig[] = [
  unaryGrad(tf.Exp, 'y', (_x, dy, y) => tf.mul(dy, y)),
  unaryGrad(tf.Expm1, 'x', (x, dy) => tf.mul(dy, tf.exp(x))),
  unaryGrad(tf.Log, 'x', (x, dy) => tf.div(dy, x)),
  unaryGrad(tf.Log1p, 'x', (x, dy) => tf.div(dy, tf.add(x, 1))),
  unaryGrad(tf.Sqrt, 'y', (_x, dy, y) => tf.div(dy, tf.mul(y, 2))),
  // y = x^(-1/2), dy/dx = -x^(-3/2) / 2 = -y³ / 2.
  unaryGrad(tf.Rsqrt, 'y', (_x, dy, y) => tf.mul(dy, tf.mul(tf.pow(y, 3), -0.5))),
  unaryGrad(tf.Square, 'x', (x, dy) => tf.mul(dy, tf.mul(x, 2))),
  unaryGrad(tf.Reciprocal, 'y', (_x, dy, y) => tf.neg(tf.mul(dy, tf.square(y)))),
  // The subgradient 0 at x = 0, as TensorFlow chooses.
  unaryGrad(tf.Abs, 'x', (x, dy) => tf.mul(dy, tf.sign(tf.cast(x, 'float32')))),
  unaryGrad(tf.Erf, 'x', (x, dy) => tf.mul(dy, tf.mul(TWO_OVER_SQRT_PI, tf.exp(tf.neg(tf.square(x)))))),
  unaryGrad(tf.Sin, 'x', (x, dy) => tf.mul(dy, tf.cos(x))),
  unaryGrad(tf.Cos, 'x', (x, dy) => tf.neg(tf.mul(dy, tf.sin(x)))),
  unaryGrad(tf.Tan, 'x', (x, dy) => tf.div(dy, tf.square(tf.cos(x)))),
  unaryGrad(tf.Asin, 'x', (x, dy) => tf.div(dy, tf.sqrt(tf.sub(1, tf.square(x))))),
  unaryGrad(tf.Acos, 'x', (x, dy) => tf.neg(tf.div(dy, tf.sqrt(tf.sub(1, tf.square(x)))))),
  unaryGrad(tf.Atan, 'x', (x, dy) => tf.div(dy, tf.add(tf.square(x), 1))),
  unaryGrad(tf.Sinh, 'x', (x, dy) => tf.mul(dy, tf.cosh(x))),
  unaryGrad(tf.Cosh, 'x', (x, dy) => tf.mul(dy, tf.sinh(x))),
  unaryGrad(tf.Asinh, 'x', (x, dy) => tf.div(dy, tf.sqrt(tf.add(tf.square(x), 1)))),
  unaryGrad(tf.Acosh, 'x', (x, dy) => tf.div(dy, tf.sqrt(tf.sub(tf.square(x), 1)))),
  unaryGrad(tf.Atanh, 'x', (x, dy) => tf.div(dy, tf.sub(1, tf.square(x)))),
  // Inside [min, max] (bounds included, as TensorFlow) the op is the identity; outside it is constant.
  unaryGrad(tf.ClipByValue, 'x', (x, dy, _y, attrs) => {
    const inside = tf.logicalAnd(
      tf.greaterEqual(x, attrs.clipValueMin as number),
      tf.lessEqual(x, attrs.clipValueMax as number),
    );
    return tf.mul(dy, mask(inside));
  }),
  {
    kernelName: tf.Cast,
    gradFunc: (dy) => ({ x: () => tf.clone(single(dy)) }),
  },
  {
    kernelName: tf.Identity,
    gradFunc: (dy) => ({ x: () => tf.clone(single(dy)) }),
  },
];
