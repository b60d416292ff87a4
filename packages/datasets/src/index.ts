export {
  DEBIAN_FASHION_MNIST,
  FASHION_MNIST_CLASSES,
  type FashionMnist,
  type FashionMnistOptions,
  type FashionMnistSource,
  fashionMnist,
  fashionMnistArrays,
} from './fashion-mnist.js';
export { type MnistLoadOptions, mnist, mnistArrays } from './mnist.js';
export { type StateOfTheUnionOptions, stateOfTheUnion } from './state-of-the-union.js';
