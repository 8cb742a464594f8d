// Child processes under test: the production server, the hello-world ceiling and PostGraphile. Each
// runs on its own; peak RSS is sampled from /proc/<pid>/status while a scenario runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Child {
  name: string;
  proc: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the readiness URL answering 200. */
  readyMs: number;
  /** Waits until the process answers its readiness URL quickly again (work left by a run is done). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
  timeoutMs?: number;
}

export async function spawnServer(options: SpawnOptions): Promise<Child> {
  const started = Date.now();
  const proc = spawn(process.execPath, options.args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = started + (options.timeoutMs ?? 60_000);
  let exited = false;
  proc.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before it was ready:\n${stderr}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${options.name} not ready after ${options.timeoutMs ?? 60_000} ms:\n${stderr}`);
    }
    const ok = await fetch(url + options.readyPath)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = Date.now() - started;
  return {
    name: options.name,
    proc,
    url,
    readyMs,
    settle: async () => {
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        const t0 = Date.now();
        const ok = await fetch(url + options.readyPath)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok && Date.now() - t0 < 100) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples RSS every 100 ms until stopped; returns the peak. */
export function sampleRss(pid: number | undefined): () => number | null {
  let peak: number | null = null;
  const take = () => {
    const now = rssMb(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  };
  take();
  const timer = setInterval(take, 100);
  return () => {
    clearInterval(timer);
    take();
    return peak;
  };
}
