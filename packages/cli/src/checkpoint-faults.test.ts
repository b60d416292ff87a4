import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { blobsConfig, buildCli, runBin, tempDir } from './cli.test-util.js';

beforeAll(buildCli, 120_000);

/**
 * A damaged checkpoint as `strata train --resume` meets it: the loader (@strata/train's
 * checkpoint-resume and checkpoint-corruption tests cover every damage) falls back to the previous
 * checkpoint with a warning, or, when neither is whole, the command exits 1 with one line.
 */
describe('strata train --resume over a damaged checkpoint', () => {
  it('resumes from the previous checkpoint with a warning when the latest manifest says "epoch": "zero"', () => {
    const dir = tempDir();
    const cfg = blobsConfig(dir);
    expect(runBin(['train', cfg, '--epochs', '3'], dir).code).toBe(0);
    const manifest = join(dir, 'runs', 'blobs', 'checkpoint', 'checkpoint.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"epoch":2/, '"epoch":"zero"'));
    const resumed = runBin(['train', cfg, '--epochs', '4', '--resume'], dir);
    expect(resumed.err).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/the latest checkpoint is damaged .*resuming from the previous one/);
    // The previous checkpoint is epoch 1's: epochs 2 and 3 are trained again, 4 lines in all.
    const epochs = readFileSync(join(dir, 'runs', 'blobs', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(epochs.map((l) => JSON.parse(l).epoch)).toEqual([0, 1, 2, 3]);
  });

  it('exits 1 with one line naming both files when neither checkpoint is whole', () => {
    const dir = tempDir();
    const cfg = blobsConfig(dir);
    expect(runBin(['train', cfg, '--epochs', '2'], dir).code).toBe(0);
    const checkpoint = join(dir, 'runs', 'blobs', 'checkpoint');
    writeFileSync(join(checkpoint, 'checkpoint.json'), '{"format":');
    writeFileSync(join(checkpoint, 'checkpoint.prev.json'), 'garbage');
    const { code, err } = runBin(['train', cfg, '--epochs', '3', '--resume'], dir);
    expect(code).toBe(1);
    expect(err).toEqual([
      expect.stringMatching(
        /^strata: loadCheckpoint\(".*"\): no whole checkpoint here: .*checkpoint\.json: .*; .*checkpoint\.prev\.json: .*\. Restore the folder from a backup/,
      ),
    ]);
  });
});
