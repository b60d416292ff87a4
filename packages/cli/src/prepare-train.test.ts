import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './cli.test-util.js';
import { prepareTrain } from './prepare-train.js';

const flags = { overwrite: false, force: false, verbose: false };

describe('prepareTrain', () => {
  it('warns when --workers is above the core count, and not at it', async () => {
    const out = tempDir();
    const cores = availableParallelism();
    const above = await prepareTrain(['mnist-mlp'], { workers: cores + 1, out }, flags);
    expect(above.warnings).toEqual([
      `warning: --workers ${cores + 1} is more than the ${cores} cores here; the threads share them and each step runs slower (--workers auto: one per core)`,
    ]);
    const at = await prepareTrain(['mnist-mlp'], { workers: cores, out }, flags);
    expect(at.warnings).toEqual([]);
    // Checking writes nothing: the runs folder is still empty.
    expect(readdirSync(out)).toEqual([]);
  });

  it('plans a new run folder inside --out', async () => {
    const out = tempDir();
    const { plan, config } = await prepareTrain(['mnist-mlp'], { out, name: 'a.b-c_1' }, flags);
    expect(plan).toEqual({ runDir: join(out, 'a.b-c_1'), action: 'new', forced: [] });
    expect(config.resume).toBe(false);
  });
});
