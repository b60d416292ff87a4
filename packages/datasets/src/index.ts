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
