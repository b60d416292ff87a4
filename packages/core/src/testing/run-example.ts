import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import type * as TypeScript from 'typescript';
import { ConfigError, StrataError } from '../errors.js';
import { matchesStated, parseStated, type Stated, showResult } from './stated-value.js';

let typescript: typeof TypeScript | undefined;

// Loaded on first use, so that importing @strata/core/testing for `checkGradients` alone needs no
// TypeScript; `typescript` is an optional peer dependency of @strata/core.
function loadTypescript(label: string): typeof TypeScript {
  if (typescript === undefined) {
    try {
      typescript = createRequire(import.meta.url)('typescript') as typeof TypeScript;
    } catch {
      throw new ConfigError(
        label,
        "transpiles examples with the 'typescript' package, which is not installed; add it to your devDependencies",
      );
    }
  }
  return typescript;
}

/** Where an example comes from, for failure messages (what `collectExamples` returns carries it). */
export interface ExampleLocation {
  /** The file's name, e.g. `adam.ts`. */
  readonly file: string;
  /** The line in the file of the example's first line of code (1-based). */
  readonly line?: number;
  /** The export the example documents. */
  readonly name?: string;
}

interface Claim {
  readonly line: number;
  readonly code: string;
  readonly text: string;
  readonly stated: Stated;
}

/**
 * Turns each `expr; // => value` line into a check of `expr` against the stated value, on the same line
 * so that line numbers stay. A declaration (`const x = f(); // => 3`) checks the declared variable.
 */
function withChecks(
  label: string,
  source: string,
  where: (line: number) => string,
): { source: string; claims: Claim[] } {
  const claims: Claim[] = [];
  const lines = source.split('\n').map((line, k) => {
    const m = /^(\s*)(.*?);?\s*\/\/ => (.*?)\s*$/.exec(line);
    if (!m || m[2]!.trim() === '') return line;
    const [, indent, code, text] = m as unknown as [string, string, string, string];
    const stated = parseStated(text);
    if (stated === null) {
      throw new ConfigError(
        label,
        `${where(k)}: the example states '${text}', which is not a value it can check (numbers, strings, booleans, null, and arrays and objects of them); write the value, or a plain comment without '=>'`,
      );
    }
    claims.push({ line: k, code: code.trim(), text, stated });
    const id = claims.length - 1;
    const declared = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\b/.exec(code);
    return declared
      ? `${indent}${code}; __expectStated(${declared[1]}, ${id});`
      : `${indent}__expectStated((${code}), ${id});`;
  });
  return { source: lines.join('\n'), claims };
}

/** An example made ready to run: its code as a function body, and the two functions it calls. */
interface Prepared {
  /** The transpiled example; its imports call `load`, its stated results call `__expectStated`. */
  readonly body: string;
  readonly load: (name: string) => unknown;
  readonly expectStated: (actual: unknown, id: number) => void;
}

/**
 * What `runExample` and `runExampleAsync` share: the stated results turned into checks, the types
 * stripped, the imports bound to `modules`. `label` names the caller in errors.
 */
function prepareExample(
  label: string,
  source: string,
  modules: Readonly<Record<string, unknown>>,
  at: ExampleLocation | undefined,
): Prepared {
  const ts = loadTypescript(label);
  const where = (k: number) => {
    if (at === undefined) return `line ${k + 1} of the example`;
    const line = at.line === undefined ? `, line ${k + 1} of its example` : `:${at.line + k}`;
    return `${at.file}${line}${at.name ? ` (${at.name})` : ''}`;
  };
  const checked = withChecks(label, source, where);
  const expectStated = (actual: unknown, id: number) => {
    const claim = checked.claims[id]!;
    if (!matchesStated(actual, claim.stated)) {
      throw new StrataError(
        label,
        `${where(claim.line)}: \`${claim.code}\` is ${showResult(actual)}, but the example states ${claim.text}`,
      );
    }
  };
  const js = ts.transpileModule(checked.source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = js
    .replace(/^import (['"])([^'"]+)\1;$/gm, 'load($1$2$1);')
    .replace(/^import \* as (\w+) from (['"])([^'"]+)\2;$/gm, 'const $1 = load($2$3$2);')
    .replace(
      /^import \{([^}]*)\} from (['"])([^'"]+)\2;$/gm,
      (_, names: string, q: string, from: string) =>
        `const {${names.replace(/\s+as\s+/g, ': ')}} = load(${q}${from}${q});`,
    );
  const load = (name: string): unknown => {
    if (!Object.hasOwn(modules, name)) {
      throw new ConfigError(
        label,
        `the example imports '${name}', which modules does not provide (it has ${Object.keys(modules)
          .map((m) => `'${m}'`)
          .join(', ')}); add it`,
      );
    }
    return modules[name];
  };
  return { body, load, expectStated };
}

/**
 * Runs one TSDoc example: transpiles it with TypeScript (types are stripped, nothing is type-checked),
 * binds its `import * as x from 'm'` and `import { a, b as c } from 'm'` lines to `modules[m]` (a
 * side-effect `import 'm'` must find `m` in `modules` too, and runs nothing: import it in the test), and
 * runs it inside `tf.tidy`, so tensors it leaves behind are freed. Throws what the example throws; an
 * import of a module missing from `modules` is a labelled error. Node only.
 *
 * A line `expr; // => value` states a result, and runExample checks it: `expr` must equal the stated
 * value, a number to within half a unit of its last written digit (`// => 3.14` accepts π; an integer
 * written without decimals must be exact, `2.0` allows rounding), strings,
 * booleans and null exactly, arrays and objects element by element, tensors and typed arrays as their
 * arrays. A wrong result throws a StrataError naming `at` (file, line and export) and both values.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { runExample } from '@strata/core/testing';
 *
 * const source = "import { tensor1d } from '@tensorflow/tfjs-core';\nconst n: number = tensor1d([1, 2]).size;";
 * runExample(source, { '@tensorflow/tfjs-core': tf }); // runs; the tensor it made is freed
 *
 * const arrow = '=>'; // spelled apart, so that this example's own checker leaves the string alone
 * const claim = `import * as tf from '@tensorflow/tfjs-core';\ntf.sum(tf.tensor1d([1, 2])).arraySync(); // ${arrow} 4`;
 * let message = '';
 * try {
 *   runExample(claim, { '@tensorflow/tfjs-core': tf }, { file: 'sum.ts', line: 10, name: 'sum' });
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * message; // => 'runExample: sum.ts:11 (sum): `tf.sum(tf.tensor1d([1, 2])).arraySync()` is 3, but the example states 4'
 * ```
 */
export function runExample(
  source: string,
  modules: Readonly<Record<string, unknown>>,
  at?: ExampleLocation,
): void {
  const { body, load, expectStated } = prepareExample('runExample', source, modules, at);
  tf.tidy(() => {
    new Function('load', '__expectStated', body)(load, expectStated);
  });
}

// The constructor of `async function` bodies; not a global like `Function`.
const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

/**
 * `runExample` for examples that wait: the same transpiling, import binding and `// =>` checks, but
 * the example runs as the body of an async function, so it may `await` at its top level and loop with
 * `for await` (datasets, `fit`). Resolves when the example has finished; rejects with what it throws,
 * or with a StrataError naming `at` when a stated result is wrong.
 *
 * `tf.tidy` cannot span an `await`, so tensors the example leaves are freed by an engine scope
 * (`tf.engine().startScope()` before, `endScope()` after). That scope collects every tensor made in
 * the meantime, whoever makes it: run one example at a time (await each before starting the next),
 * never two concurrently, nor alongside other code that makes tensors it keeps.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { runExampleAsync } from '@strata/core/testing';
 *
 * const arrow = '=>'; // spelled apart, so that this example's own checker leaves the strings alone
 * const modules = { '@tensorflow/tfjs-core': tf };
 * const before = tf.memory().numTensors;
 * await runExampleAsync(
 *   `import * as tf from '@tensorflow/tfjs-core';\nawait tf.mul(tf.tensor1d([1, 2]), 3).data(); // ${arrow} [3, 6]`,
 *   modules,
 * );
 * tf.memory().numTensors - before; // => 0
 *
 * const wrong = `import * as tf from '@tensorflow/tfjs-core';\nawait tf.sum(tf.tensor1d([1, 2])).data(); // ${arrow} [4]`;
 * const error = await runExampleAsync(wrong, modules, { file: 'sum.ts', line: 7, name: 'sum' }).catch((e) => e);
 * (error as Error).message; // => 'runExampleAsync: sum.ts:8 (sum): `await tf.sum(tf.tensor1d([1, 2])).data()` is [3], but the example states [4]'
 * ```
 */
export async function runExampleAsync(
  source: string,
  modules: Readonly<Record<string, unknown>>,
  at?: ExampleLocation,
): Promise<void> {
  const { body, load, expectStated } = prepareExample('runExampleAsync', source, modules, at);
  const run = new AsyncFunction('load', '__expectStated', body);
  tf.engine().startScope();
  try {
    await run(load, expectStated);
  } finally {
    tf.engine().endScope();
  }
}
