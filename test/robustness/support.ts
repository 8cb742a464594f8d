// Real services for fault tests: a dedicated PostgreSQL (it can be stopped without touching the
// shared one), a dedicated redis-server, apps with captured logs, and the checks a client makes.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { prepareDatabase } from '../../src/db/bootstrap.js';
import { type EmbeddedServer, freePort, startEmbeddedPostgres } from '../../src/db/embedded.js';

/** A PostgreSQL of our own, on a fixed port so that it can be stopped and started again. */
export class DedicatedPostgres {
  private server: EmbeddedServer | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<DedicatedPostgres> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'circles-faults-pg-'));
    // As root the server runs as a separate postgres user, which must be able to enter here.
    await chmod(dir, 0o755);
    const pg = new DedicatedPostgres(dir, await freePort());
    await pg.up();
    await prepareDatabase(pg.url, { demoData: false, log: () => {} });
    return pg;
  }

  get url(): string {
    return `postgres://circles:circles@127.0.0.1:${this.port}/circles`;
  }

  async up(): Promise<void> {
    this.server = await startEmbeddedPostgres({ dataDir: path.join(this.dir, 'data'), port: this.port });
  }

  async down(): Promise<void> {
    await this.server?.stop();
    this.server = null;
  }

  async destroy(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server of our own on a free port; null when the binary is missing. */
export class DedicatedRedis {
  private process: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  static available(): boolean {
    return spawnSync('redis-server', ['--version']).status === 0;
  }

  static async start(): Promise<DedicatedRedis> {
    const redis = new DedicatedRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 5_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/ready to accept connections/i.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  }

  /** SIGSTOP: the server keeps its sockets but answers nothing (a hung or partitioned Redis). */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  async down(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = null;
    child.kill('SIGCONT');
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** Log lines of an app, parsed, so a test can see which failures happened inside. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      this.raw.push(line);
      try {
        this.lines.push(JSON.parse(line));
      } catch {
        // not JSON: kept in raw
      }
    }
    done();
  }
  text(): string {
    return this.raw.join('\n');
  }
}

/** buildApp on a given database with captured logs; closed on teardown. */
export async function appOn(
  t: Test,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<{ app: FastifyInstance; logs: LogCapture }> {
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', CIRCLES_RATE_LIMIT: '100000', ...env });
  const app = await buildApp({ config, databaseUrl, logStream: logs });
  t.teardown(() => app.close());
  await app.ready();
  return { app, logs };
}

// What a driver message looks like; none may reach a client.
const DRIVER_TEXT =
  /terminating connection|canceling statement|lock timeout|timeout exceeded|Connection terminated|ECONNREFUSED|administrator command|database system|pg_/i;

interface ResponseLike {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** A 503 problem a client can act on: stable code, Retry-After, no driver text. */
export function isUnavailable(res: ResponseLike): boolean {
  if (res.statusCode !== 503) return false;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) return false;
  if (!(Number(res.headers['retry-after']) > 0)) return false;
  if (DRIVER_TEXT.test(res.body)) return false;
  try {
    return JSON.parse(res.body).code === 'service_unavailable';
  } catch {
    return false;
  }
}

export function leaksDriverText(body: string): boolean {
  return DRIVER_TEXT.test(body);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until `check` holds, or fail after `timeoutMs`. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check().catch(() => false)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
