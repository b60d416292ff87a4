import * as tf from '@tensorflow/tfjs-core';
import { activationGrads } from './activation-grads.js';
import { awayFrom, describeFamily, type GradCase, uniform } from './grad-check.test-util.js';

const cases: GradCase[] = [
  { name: 'Relu', kernels: [tf.Relu], inputs: (r) => [awayFrom(r, [3, 4], [0])], f: tf.relu },
  {
    name: 'Relu6, below 0, between and above 6',
    kernels: [tf.Relu6],
    inputs: (r) => [awayFrom(r, [3, 4], [0, 6], -2, 8)],
    f: tf.relu6,
  },
  { name: 'Elu', kernels: [tf.Elu], inputs: (r) => [awayFrom(r, [3, 4], [0])], f: tf.elu },
  { name: 'Selu', kernels: [tf.Selu], inputs: (r) => [awayFrom(r, [3, 4], [0])], f: tf.selu },
  {
    name: 'LeakyRelu, alpha 0.2',
    kernels: [tf.LeakyRelu],
    inputs: (r) => [awayFrom(r, [3, 4], [0])],
    f: (x) => tf.leakyRelu(x, 0.2),
  },
  {
    name: 'Prelu, alpha per channel [4] broadcast over [3,4]',
    kernels: [tf.Prelu],
    inputs: (r) => [awayFrom(r, [3, 4], [0]), uniform(r, [4], 0.05, 0.5)],
    f: tf.prelu,
  },
  {
    name: 'Prelu, alpha of the same shape',
    kernels: [tf.Prelu],
    inputs: (r) => [awayFrom(r, [2, 3], [0]), uniform(r, [2, 3], 0.05, 0.5)],
    f: tf.prelu,
  },
  { name: 'Sigmoid', kernels: [tf.Sigmoid], inputs: (r) => [uniform(r, [3, 4], -3, 3)], f: tf.sigmoid },
  { name: 'Tanh', kernels: [tf.Tanh], inputs: (r) => [uniform(r, [3, 4], -2, 2)], f: tf.tanh },
  { name: 'Softplus', kernels: [tf.Softplus], inputs: (r) => [uniform(r, [3, 4], -3, 3)], f: tf.softplus },
  {
    name: 'Softmax over the last axis',
    kernels: [tf.Softmax],
    inputs: (r) => [uniform(r, [3, 4], -2, 2)],
    f: (x) => tf.softmax(x),
  },
  {
    name: 'Softmax over a rank-3 input',
    kernels: [tf.Softmax],
    inputs: (r) => [uniform(r, [2, 2, 3], -2, 2)],
    f: (x) => tf.softmax(x, -1),
  },
];

describeFamily('activation gradients', activationGrads, cases);
