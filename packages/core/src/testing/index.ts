// @strata/core/testing: helpers for testing Strata packages and plugins (gradient checks, runnable
// TSDoc examples). Kept off the main entry so that nothing here reaches a production bundle; the
// example helpers read files and so run in Node only.
export * from './check-gradients.js';
export { collectExamples, type TsdocExample } from './collect-examples.js';
export { countDeviceReads } from './count-device-reads.js';
export { exportsWithoutExample } from './exports-without-example.js';
export { type ExampleLocation, runExample, runExampleAsync } from './run-example.js';
