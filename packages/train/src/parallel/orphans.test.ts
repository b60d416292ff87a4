import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/** tsx's loader for `node --import`, so the child runs these TypeScript sources. */
function tsxLoader(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(pkg), JSON.parse(readFileSync(pkg, 'utf8')).exports['.'])).href;
}

/** The processes whose parent is `pid`, with their command names (from ps). */
function childrenOf(pid: number): { pid: number; command: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid]) => Number(ppid) === pid)
    .map(([p, , command]) => ({ pid: Number(p), command: command! }));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ESRCH');
    return false;
  }
};

describe('fit({ workers }) and the process it runs in', () => {
  it('leaves no worker behind when the main process is killed with SIGKILL', async () => {
    const script = fileURLToPath(new URL('./orphan-child.test-util.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=strata-source', '--import', tsxLoader(), script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid!;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    try {
      // Wait until both workers are training (the third step needs both at the barrier).
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes(`training in ${pid}`)) resolve(d.toString());
        });
        child.once('exit', () => reject(new Error(`the child ended before training: ${stderr}`)));
      });
      // The workers are threads of this process (tasks in /proc/<pid>/task), not processes: the only
      // child process is the esbuild service that tsx starts to compile these sources.
      const [, during, before] = line.match(/with (\d+) threads, (\d+) before/)!.map(Number);
      expect(during! - before!).toBeGreaterThanOrEqual(2);
      const children = childrenOf(pid);
      expect(children.filter((c) => c.command !== 'esbuild')).toEqual([]);

      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The process, and with it every thread (the workers), is gone.
      expect(alive(pid)).toBe(false);
      expect(existsSync(`/proc/${pid}/task`)).toBe(false);
      // tsx's esbuild service ends when its pipe to the dead process closes; wait for it to notice.
      for (const c of children) {
        while (alive(c.pid)) await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
