import { describeBackends, listBackends } from '@strata/backends';
import { findPlugin } from './load-plugins.js';
import type { Io } from './main.js';
import { registryFor } from './run-setup.js';

/** `strata doctor [--plugin <package>]…`: what each backend, a plugin's included, says about this machine. */
export async function doctor(io: Io, plugins: readonly string[] = []): Promise<void> {
  await registryFor(plugins.map((p) => findPlugin(p, [process.cwd()])));
  io.out(describeBackends(await listBackends()));
}
