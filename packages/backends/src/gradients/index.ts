// The gradients module's public surface (re-exported by the package index).
export { registerGradients } from './register-gradients.js';
