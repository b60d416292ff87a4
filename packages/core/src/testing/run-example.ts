import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import type * as TypeScript from 'typescript';
import { ConfigError } from '../errors.js';

let typescript: typeof TypeScript | undefined;

// Loaded on first use, so that importing @strata/core/testing for `checkGradients` alone needs no
// TypeScript; `typescript` is an optional peer dependency of @strata/core.
function loadTypescript(): typeof TypeScript {
  if (typescript === undefined) {
    try {
      typescript = createRequire(import.meta.url)('typescript') as typeof TypeScript;
    } catch {
      throw new ConfigError(
        'runExample',
        "transpiles examples with the 'typescript' package, which is not installed; add it to your devDependencies",
      );
    }
  }
  return typescript;
}

/**
 * Runs one TSDoc example: transpiles it with TypeScript (types are stripped, nothing is type-checked),
 * binds its `import * as x from 'm'` and `import { a, b as c } from 'm'` lines to `modules[m]`, and
 * runs it inside `tf.tidy`, so tensors it leaves behind are freed. Throws what the example throws; an
 * import of a module missing from `modules` is a labelled error. Node only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { runExample } from '@strata/core/testing';
 *
 * const source = "import { tensor1d } from '@tensorflow/tfjs-core';\nconst n: number = tensor1d([1, 2]).size;";
 * runExample(source, { '@tensorflow/tfjs-core': tf }); // runs; the tensor it made is freed
 * ```
 */
export function runExample(source: string, modules: Readonly<Record<string, unknown>>): void {
  const ts = loadTypescript();
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = js
    .replace(/^import \* as (\w+) from (['"])([^'"]+)\2;$/gm, 'const $1 = load($2$3$2);')
    .replace(
      /^import \{([^}]*)\} from (['"])([^'"]+)\2;$/gm,
      (_, names: string, q: string, from: string) =>
        `const {${names.replace(/\s+as\s+/g, ': ')}} = load(${q}${from}${q});`,
    );
  const load = (name: string): unknown => {
    if (!Object.hasOwn(modules, name)) {
      throw new ConfigError(
        'runExample',
        `the example imports '${name}', which modules does not provide (it has ${Object.keys(modules)
          .map((m) => `'${m}'`)
          .join(', ')}); add it`,
      );
    }
    return modules[name];
  };
  tf.tidy(() => {
    new Function('load', body)(load);
  });
}
