// @strata/core/testing: helpers for testing Strata packages and plugins (gradient checks, runnable
// TSDoc examples). Kept off the main entry so that nothing here reaches a production bundle.
export * from './check-gradients.js';
