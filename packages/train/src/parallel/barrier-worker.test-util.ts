// A worker for shared-group.test.ts: runs barrier rounds and checks that nobody runs ahead.
import { parentPort, workerData } from 'node:worker_threads';
import { barrier, GroupAborted, openGroup } from './shared-group.js';

const { control, cells, rank, size, rounds } = workerData as {
  control: SharedArrayBuffer;
  cells: SharedArrayBuffer;
  rank: number;
  size: number;
  rounds: number;
};
const group = openGroup(control, rank, size);
const seen = new Int32Array(cells);
let violations = 0;
try {
  for (let r = 1; r <= rounds; r++) {
    Atomics.store(seen, rank, r);
    barrier(group);
    // Everyone has written round r and nobody can have written r + 1 before the next barrier.
    for (let k = 0; k < size; k++) if (Atomics.load(seen, k) !== r) violations++;
    barrier(group);
  }
  parentPort!.postMessage({ rank, violations });
} catch (e) {
  parentPort!.postMessage({ rank, aborted: e instanceof GroupAborted });
}
