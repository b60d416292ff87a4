import { describe, expect, it } from 'vitest';
import { isMissingPackage, loadFailureReason } from './load-failure.js';
import { webglBackend } from './specs/browser.js';
import { nodeBackend, nodeGpuBackend } from './specs/native.js';

const pkg = '@tensorflow/tfjs-backend-webgl';

describe('isMissingPackage', () => {
  it("recognises each runtime's not-found message for the package itself", () => {
    const messages = [
      `Cannot find package '${pkg}' imported from /app/main.js`, // Node ESM
      `Cannot find module '${pkg}'`, // CommonJS, webpack
      `Could not resolve "${pkg}" imported by "@strata/backends".`, // vite, vitest
      `Failed to resolve module specifier "${pkg}". Relative references must start with …`, // browsers
    ];
    for (const message of messages) expect(isMissingPackage(new Error(message), pkg)).toBe(true);
  });

  it('does not take a missing file inside the package, or another package, for the package', () => {
    expect(isMissingPackage(new Error(`Cannot find module '/app/node_modules/${pkg}/dist/x.js'`), pkg)).toBe(
      false,
    );
    expect(isMissingPackage(new Error(`Cannot find package '${pkg}-extra'`), pkg)).toBe(false);
    expect(isMissingPackage(new Error('WebGL context lost'), pkg)).toBe(false);
  });
});

describe('loadFailureReason', () => {
  it('tells a CUDA failure from other libtensorflow failures, keeping the message', () => {
    expect(
      loadFailureReason(nodeGpuBackend, new Error('libcudnn.so.8: cannot open shared object file')).reason,
    ).toMatch(
      /^CUDA failed to load: libcudnn\.so\.8: cannot open shared object file \(@tensorflow\/tfjs-node-gpu needs an NVIDIA GPU with CUDA 11\.2 and cuDNN 8\.1/,
    );
    expect(
      loadFailureReason(nodeBackend, new Error('libtensorflow.so.2: cannot open shared object file')).reason,
    ).toMatch(
      /^libtensorflow failed to load: libtensorflow\.so\.2: cannot open shared object file \(reinstall with npm install @tensorflow\/tfjs-node/,
    );
    expect(loadFailureReason(webglBackend, new Error('boom')).reason).toBe(
      `package ${pkg} failed to load: boom (reinstall with npm install ${pkg})`,
    );
  });
});
