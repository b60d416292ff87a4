export { type CreatePluginOptions, createPlugin } from './create-plugin.js';
