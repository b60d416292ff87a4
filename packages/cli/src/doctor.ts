import { describeBackends, listBackends } from '@strata/backends';
import type { Io } from './main.js';

/** `strata doctor`: what each backend says about this machine. */
export async function doctor(io: Io): Promise<void> {
  io.out(describeBackends(await listBackends()));
}
