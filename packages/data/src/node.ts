// Node-only entry (`@strata/data/node`): file reading stays out of the main entry so browser bundles
// never see node: imports.
export { type MnistSource, mnist, mnistArrays } from './mnist.js';
export { readIdxFile } from './read-idx-file.js';
