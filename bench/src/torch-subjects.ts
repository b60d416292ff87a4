import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ChunkResult, ModelName, RecurrentModelName, Subject } from './subject.js';

const SCRIPT = fileURLToPath(new URL('./torch_reference.py', import.meta.url));

export interface TorchInfo {
  readonly torch: string;
  readonly numpy: string;
  readonly blas: string;
  readonly python: string;
}

type Answer = { ok: true; [key: string]: unknown } | { ok: false; error: string };

/**
 * The PyTorch reference as a child process that answers one JSON line per request, so its chunks
 * alternate with the TypeScript subjects' in one run (it sleeps on stdin while they run).
 */
export class TorchServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: ((answer: Answer) => void)[] = [];
  private stderr = '';
  private exited: string | null = null;

  private constructor(python: string, directory: string) {
    this.child = spawn(python, [SCRIPT, '--serve', '--data', directory, '--threads', '2'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      let answer: Answer;
      try {
        answer = JSON.parse(line) as Answer;
      } catch {
        return; // not ours (a library printing to stdout)
      }
      this.pending.shift()?.(answer);
    });
    const fail = (why: string) => {
      this.exited = why;
      for (const resolve of this.pending.splice(0)) resolve({ ok: false, error: why });
    };
    this.child.on('error', (error) => fail(`could not start ${python}: ${error.message}`));
    this.child.on('exit', (code, signal) => {
      const last = this.stderr.trim().split('\n').slice(-1)[0] ?? '';
      fail(`${python} exited (${signal ?? code})${last ? `: ${last}` : ''}`);
    });
  }

  /** Starts the server, or says why PyTorch is not available. */
  static async start(python: string, directory: string): Promise<{ server: TorchServer; info: TorchInfo }> {
    const server = new TorchServer(python, directory);
    const ready = await server.next();
    if (!ready.ok) throw new Error(ready.error);
    return {
      server,
      info: {
        torch: String(ready.torch),
        numpy: String(ready.numpy),
        python: String(ready.python),
        blas: String(ready.blas),
      },
    };
  }

  private next(): Promise<Answer> {
    if (this.exited !== null) return Promise.resolve({ ok: false, error: this.exited });
    return new Promise((resolve) => this.pending.push(resolve));
  }

  /** The child's process id (to read its CPU time from /proc while it runs). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  async request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.exited !== null) throw new Error(this.exited);
    const answer = this.next();
    this.child.stdin.write(`${JSON.stringify(body)}\n`);
    const result = await answer;
    if (!result.ok) throw new Error(result.error);
    return result;
  }

  async close(): Promise<void> {
    if (this.exited !== null) return;
    try {
      await this.request({ op: 'quit' });
    } catch {
      // already gone
    }
    this.child.stdin.end();
  }
}

/** PyTorch training (Adam 1e-3, cross-entropy from logits) or inference on CPU with `threads` threads. */
export function torchSubject(
  server: TorchServer,
  model: ModelName | RecurrentModelName,
  task: 'train' | 'infer',
  threads: number,
): Subject {
  const id = `torch/${model}/${task}/${threads}t`;
  const chunk = async (seconds: number, minSteps: number): Promise<ChunkResult> => {
    const r = await server.request({ op: 'chunk', id, seconds, min_steps: minSteps, threads });
    return {
      steps: Number(r.steps),
      samples: Number(r.samples),
      seconds: Number(r.seconds),
      cpuSeconds: Number(r.cpu_seconds),
      rss: Number(r.rss),
      ...(typeof r.loss === 'number' ? { loss: r.loss } : {}),
    };
  };
  return {
    id,
    library: 'PyTorch',
    backend: `cpu, ${threads} thread${threads === 1 ? '' : 's'}`,
    model,
    task,
    batch: task === 'train' ? 64 : 256,
    async setup() {
      await server.request({ op: 'setup', id, model, task });
    },
    warmup: (seconds) => chunk(seconds, 3),
    chunk: (seconds) => chunk(seconds, 1),
    async teardown() {
      await server.request({ op: 'teardown', id });
    },
  };
}
