// Streams CSV shards larger than what the pipeline may keep in memory: writes SHARDS files of about
// TOTAL_MB in all (once, into a temporary folder), then reads them through
// interleave(fromCsvFile) → map → batch(256) → dispose, as a training loop would, and reports rows/s and
// the process's peak resident memory. Not a test.
// Run: TOTAL_MB=2048 node_modules/.bin/tsx --conditions=strata-source packages/data/bench/stream-shards.ts
//   (from the repo root; TOTAL_MB defaults to 512, SHARDS to 8)
import '@tensorflow/tfjs-backend-cpu';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArray } from '@strata/data';
import { fromCsvFile } from '@strata/data/node';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
const totalMb = Number(process.env.TOTAL_MB ?? 512);
const shards = Number(process.env.SHARDS ?? 8);
const dir = mkdtempSync(join(tmpdir(), 'strata-shards-'));

async function writeShard(path: string, bytes: number, shard: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,amount,age,city,label\n');
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const row = `${shard * 1e9 + i},${(i * 37.5) % 9999},${18 + (i % 60)},"city ${i % 97}, X",${i % 2}\n`;
    written += row.length;
    i++;
    if (!out.write(row)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

const paths = Array.from({ length: shards }, (_, s) => join(dir, `shard-${s}.csv`));
const t0 = performance.now();
for (const [s, p] of paths.entries()) await writeShard(p, (totalMb * 2 ** 20) / shards, s);
const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);
console.log(
  `wrote ${(bytes / 2 ** 20).toFixed(0)} MB in ${shards} shards in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const types = { id: 'integer', amount: 'number', age: 'number', label: 'integer' } as const;
const ds = fromArray(paths)
  .interleave((p) => fromCsvFile(p, { types }), { cycleLength: 4, blockLength: 64 })
  .map((r) => ({ x: new Float32Array([r.amount as number, r.age as number]), y: r.label as number }))
  .withDtypes({ y: 'int32' })
  .batch(256);
const start = performance.now();
let rows = 0;
for await (const batch of ds) {
  rows += batch.y.shape[0]!;
  tf.dispose(batch);
}
clearInterval(sampler);
const s = (performance.now() - start) / 1000;
console.log(
  `streamed ${rows} rows (${(bytes / 2 ** 20).toFixed(0)} MB) in ${s.toFixed(1)} s = ${(rows / s).toFixed(0)} rows/s, ${(bytes / 2 ** 20 / s).toFixed(1)} MB/s; peak RSS ${(peak / 2 ** 20).toFixed(0)} MB; tensors left ${tf.memory().numTensors}`,
);
rmSync(dir, { recursive: true });
