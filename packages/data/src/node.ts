// Node-only entry (`@strata/data/node`): file reading stays out of the main entry so browser bundles
// never see node: imports.

export { cacheToFile } from './cache-to-file.js';
export { type DecodeImageOptions, decodeImage } from './decode-image.js';
export { fromCsvFile } from './from-csv-file.js';
export {
  fromImageFolder,
  type ImageFolderDataset,
  type ImageFolderElement,
  type ImageFolderOptions,
} from './from-image-folder.js';
export { fromJsonLinesFile } from './from-json-lines-file.js';
export { fromTextLinesFile } from './from-text-lines-file.js';
export { type MnistSource, mnist, mnistArrays } from './mnist.js';
export { readIdxFile } from './read-idx-file.js';
