// Builds the app for a test file on its own database, cloned from the template that test/run.ts
// prepared (migrated, vocabularies loaded; the demo template also holds the demo directory).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb, type Db } from '../src/db/connect.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the tests with \`npm test\` (test/run.ts prepares the database)`,
    );
  return value;
}

function urlFor(database: string): string {
  const u = new URL(env('CIRCLES_TEST_ADMIN_URL'));
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: env('CIRCLES_TEST_ADMIN_URL') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// CREATE DATABASE ... TEMPLATE fails while another session copies the same template; retry briefly.
async function cloneTemplate(name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 40 || !String((error as Error).message).includes('being accessed')) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export interface TestDatabase {
  url: string;
  db: Db;
}

/** A fresh database for this test (or file); dropped on teardown. */
export async function createTestDatabase(t: Teardown, { demo = false } = {}): Promise<TestDatabase> {
  const name = `circles_t_${randomBytes(6).toString('hex')}`;
  await cloneTemplate(name, env(demo ? 'CIRCLES_TEST_DEMO_TEMPLATE' : 'CIRCLES_TEST_TEMPLATE'));
  const url = urlFor(name);
  const db = createDb({ connectionString: url, max: 4 });
  t.teardown(async () => {
    await db.destroy();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return { url, db };
}

export interface TestAppOptions {
  demo?: boolean;
  clock?: () => Date;
  env?: Record<string, string>;
  logStream?: NodeJS.WritableStream;
  onQuery?: (sql: string) => void;
}

export async function buildTestApp(
  t: Teardown,
  options: TestAppOptions = {},
): Promise<{ app: FastifyInstance; db: Db }> {
  const { url, db } = await createTestDatabase(t, { demo: options.demo ?? false });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: options.logStream ? 'info' : 'silent',
    ...options.env,
  });
  const app = await buildApp({
    config,
    databaseUrl: url,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
  t.teardown(() => app.close());
  await app.ready();
  return { app, db };
}
