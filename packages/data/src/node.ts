// Node-only entry (`@strata/data/node`): file reading stays out of the main entry so browser bundles
// never see node: imports.

export { fromCsvFile } from './from-csv-file.js';
export { fromJsonLinesFile, fromTextLinesFile } from './from-lines-file.js';
export { type MnistSource, mnist, mnistArrays } from './mnist.js';
export { readIdxFile } from './read-idx-file.js';
