// Child processes under test: the production server, the hello-world ceiling and PostGraphile. Each
// runs on its own; peak RSS is sampled from /proc/<pid>/status while a scenario runs, and CPU time
// is read from /proc/<pid>/stat before and after it.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { freePort } from '../../src/db/embedded.js';

export interface Child {
  name: string;
  proc: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the readiness URL answering 200. */
  readyMs: number;
  /**
   * Cancels the statements a run left it running (see `cancelLeftovers`), then waits until it
   * answers its readiness URL quickly again.
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  args: string[];
  /** The process gets PORT (a free port) besides these. */
  env: Record<string, string>;
  readyPath: string;
  timeoutMs?: number;
  /** Cancels the database statements a run left it running (settle() calls it first). */
  cancelLeftovers?: () => Promise<void>;
}

export async function spawnServer(options: SpawnOptions): Promise<Child> {
  const port = await freePort();
  const started = Date.now();
  const proc = spawn(process.execPath, options.args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
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
        await options.cancelLeftovers?.();
        const t0 = Date.now();
        const ok = await fetch(url + options.readyPath)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok && Date.now() - t0 < 100) return;
        await new Promise((r) => setTimeout(r, 50));
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

// Linux reports CPU time in clock ticks of USER_HZ, 100 per second on every architecture it runs on.
const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces), or null. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, or null when it is gone. */
export function cpuSeconds(pid: number | undefined): number | null {
  const f = pid ? statFields(pid) : null;
  // utime and stime are fields 14 and 15 of the stat line, 12 and 13 after the name.
  return f ? (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND : null;
}

/**
 * CPU seconds used by PostgreSQL on this machine: every live `postgres` process, plus what the
 * ended ones left in their parent's counters (a backend's time moves to the postmaster when it
 * exits). Null when no PostgreSQL runs here (an external DATABASE_URL on another host).
 */
export function postgresCpuSeconds(): number | null {
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let name: string;
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (name !== 'postgres') continue;
    const f = statFields(pid);
    if (!f) continue;
    found = true;
    // utime, stime, and the waited-for children's cutime, cstime (fields 14-17).
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return found ? ticks / TICKS_PER_SECOND : null;
}

/** Starts counting CPU time of a process and of PostgreSQL; the returned function gives ms per request. */
export function countCpu(pid: number | undefined): (requests: number) => CpuPerRequest {
  const server0 = cpuSeconds(pid);
  const database0 = postgresCpuSeconds();
  return (requests) => {
    const server1 = cpuSeconds(pid);
    const database1 = postgresCpuSeconds();
    const per = (a: number | null, b: number | null) =>
      a === null || b === null || requests === 0 ? null : ((b - a) * 1000) / requests;
    return { serverMs: per(server0, server1), databaseMs: per(database0, database1) };
  };
}

export interface CpuPerRequest {
  /** Milliseconds of CPU the process under test spent per answered request. */
  serverMs: number | null;
  /** Milliseconds of CPU PostgreSQL spent per answered request (null when it runs elsewhere). */
  databaseMs: number | null;
}
