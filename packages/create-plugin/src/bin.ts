#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createPlugin } from './create-plugin.js';

const USAGE = 'usage: npm create @strata/plugin <dir> [--name <npm name>] [--namespace <ns>]';

try {
  const { values, positionals } = parseArgs({
    options: { name: { type: 'string' }, namespace: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
  } else {
    const dir = positionals[0]!;
    const files = createPlugin(dir, {
      ...(values.name ? { name: values.name } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
    });
    console.log(
      `wrote ${files.length} files to ${dir}:\n  ${files.join('\n  ')}\nnext: cd ${dir} && npm install && npm test`,
    );
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
