// Faults against the lane's real Postgres: sessions killed mid-transaction, a table lock that makes
// everything slow, a statement timeout, and shutdown under load (app.close() and SIGTERM on the
// server process). Stopping Postgres and Redis needs servers of our own: restart.test.ts.
// What a client must see: a fast 503 problem it can retry (never a hang or a 500), every
// acknowledged write in the database, one row per Idempotency-Key however often it is retried,
// service back without a restart, and requests in flight at shutdown finished.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/connect.js';
import { freePort } from '../../src/db/embedded.js';
import { createTestDatabase } from '../helper.js';
import { addGroups } from '../support/fixtures.js';
import { groupBody, submitter } from '../support/keys.js';
import { appOn, isUnavailable, leaksDriverText, sleep, timed, until } from './support.js';

const APP = 'circles'; // application_name of the API's pool (src/db/connect.ts)

// One database for the tests that fault the lane's server (lock, terminate, shutdown), checked
// through a pool of its own whose sessions are never the ones we kill.
const { url } = await createTestDatabase(t);
const dbName = new URL(url).pathname.slice(1);
const check = createDb({ connectionString: url, max: 3, applicationName: 'circles-faults-check' });
t.teardown(() => check.destroy());
const [publishedId] = await addGroups(check, [
  { name: 'Lighthouse Anxiety Circle', conditions: ['anxiety'] },
]);

async function locker(connectionString: string) {
  const client = new pg.Client({ connectionString, application_name: 'circles-faults-locker' });
  await client.connect();
  return client;
}

/** The API's sessions on a database: state, whether they hold a transaction that wrote. */
async function appSessions(db: Db, database: string) {
  const { rows } = await sql<{ pid: number; state: string; wait: string | null; wrote: boolean }>`
    SELECT pid, state, wait_event_type AS wait, backend_xid IS NOT NULL AS wrote
    FROM pg_stat_activity
    WHERE datname = ${database} AND application_name = ${APP} AND pid <> pg_backend_pid()`.execute(db);
  return rows;
}

async function terminate(db: Db, pids: number[]) {
  await sql`SELECT pg_terminate_backend(pid) FROM unnest(${pids}::int[]) AS pid`.execute(db);
}

const countWhere = async (db: Db, names: string[]) =>
  Number(
    (
      await db
        .selectFrom('groups')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('name', 'in', names)
        .executeTakeFirstOrThrow()
    ).n,
  );

function create(app: FastifyInstance, key: string, idemKey: string, name: string) {
  return app.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: { authorization: `Bearer ${key}`, 'idempotency-key': idemKey },
    payload: groupBody({ name }),
  });
}

t.test('the timeouts are settings, checked at boot', async (t) => {
  const defaults = loadConfig({});
  t.same(
    [defaults.dbStatementTimeoutMs, defaults.dbLockTimeoutMs, defaults.dbConnectTimeoutMs],
    [15_000, 5_000, 5_000],
  );
  const set = loadConfig({
    CIRCLES_DB_STATEMENT_TIMEOUT_MS: '2000',
    CIRCLES_DB_LOCK_TIMEOUT_MS: '300',
    CIRCLES_DB_CONNECT_TIMEOUT_MS: '700',
  });
  t.same([set.dbStatementTimeoutMs, set.dbLockTimeoutMs, set.dbConnectTimeoutMs], [2_000, 300, 700]);
  t.throws(() => loadConfig({ CIRCLES_DB_LOCK_TIMEOUT_MS: 'soon' }), {
    message: /^CIRCLES_DB_LOCK_TIMEOUT_MS: /,
  });
  t.throws(() => loadConfig({ CIRCLES_DB_STATEMENT_TIMEOUT_MS: '0' }), {
    message: /^CIRCLES_DB_STATEMENT_TIMEOUT_MS: /,
  });
  t.throws(() => loadConfig({ CIRCLES_DB_QUERY_TIMEOUT_MS: '1000' }), { message: /unknown setting/ });
});

t.test(
  'sessions killed mid-transaction: 503 at once, nothing half-written, retries write once',
  async (t) => {
    const pool = 6;
    const { app } = await appOn(t, url, { CIRCLES_DB_POOL_SIZE: String(pool) });
    const org = await submitter(app, check, 'Killed Sessions Network', true);
    // Hold the audit log so each create stops after writing its group row, inside its transaction.
    const lock = await locker(url);
    t.teardown(() => lock.end());
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');

    const writes = Array.from({ length: pool }, (_, i) => ({
      key: `kill-${randomUUID()}`,
      name: `Killed Circle ${i}`,
    }));
    const pending = writes.map((w) => create(app, org.key, w.key, w.name));
    await until('every write to stall mid-transaction', async () => {
      const s = await appSessions(check, dbName);
      return s.filter((x) => x.wait === 'Lock' && x.wrote).length === pool;
    });
    const victims = (await appSessions(check, dbName)).map((s) => s.pid);
    const killedAt = performance.now();
    await terminate(check, victims);
    const responses = await Promise.all(pending);
    const after = performance.now() - killedAt;
    await lock.query('ROLLBACK');

    t.ok(
      responses.every(isUnavailable),
      `every client got a 503 problem: ${responses.map((r) => r.statusCode)}`,
    );
    t.ok(after < 1_000, `answered ${Math.round(after)} ms after the kill`);
    t.equal(
      await countWhere(
        check,
        writes.map((w) => w.name),
      ),
      0,
      'no half-written group',
    );
    const keys = await check
      .selectFrom('idempotency_keys')
      .select('key')
      .where(
        'key',
        'in',
        writes.map((w) => w.key),
      )
      .execute();
    t.equal(keys.length, 0, 'no idempotency record for a write that rolled back');

    const retried = await Promise.all(writes.map((w) => create(app, org.key, w.key, w.name)));
    t.same(
      retried.map((r) => r.statusCode),
      writes.map(() => 201),
      'the same requests, retried, succeed',
    );
    const replayed = await Promise.all(writes.map((w) => create(app, org.key, w.key, w.name)));
    t.ok(
      replayed.every((r) => r.headers['idempotent-replayed'] === 'true'),
      'a second retry replays',
    );
    t.equal(
      await countWhere(
        check,
        writes.map((w) => w.name),
      ),
      pool,
      'one row per Idempotency-Key',
    );
    t.equal((await app.inject('/readyz')).statusCode, 200, 'ready again without a restart');
  },
);

t.test('idle sessions killed: the pool replaces them and reads go on', async (t) => {
  const { app } = await appOn(t, url, { CIRCLES_DB_POOL_SIZE: '4' });
  await Promise.all(Array.from({ length: 8 }, () => app.inject('/v1/groups?condition=anxiety')));
  const sessions = await appSessions(check, dbName);
  t.ok(sessions.length > 0, `${sessions.length} pooled sessions`);
  await terminate(
    check,
    sessions.map((s) => s.pid),
  );
  await sleep(200);
  const reads = await Promise.all(
    Array.from({ length: 12 }, () => app.inject('/v1/groups?condition=anxiety')),
  );
  t.same(
    reads.map((r) => r.statusCode),
    reads.map(() => 200),
    'every read after the kill is answered',
  );
  const fresh = await appSessions(check, dbName);
  t.notOk(
    fresh.some((s) => sessions.some((old) => old.pid === s.pid)),
    'on new sessions',
  );
});

t.test('a table lock makes it slow: 503 within the lock and pool timeouts, then 200', async (t) => {
  const lockMs = 800;
  const connectMs = 1_200;
  const { app, logs } = await appOn(t, url, {
    CIRCLES_DB_POOL_SIZE: '3',
    CIRCLES_DB_LOCK_TIMEOUT_MS: String(lockMs),
    CIRCLES_DB_CONNECT_TIMEOUT_MS: String(connectMs),
    // The result cache would answer the warmed searches without touching the locked table (right:
    // nothing changed), and this test is about requests that must wait on the database.
    CIRCLES_RESULT_CACHE: 'off',
  });
  const org = await submitter(app, check, 'Locked Table Network', true);
  // Warm (taxonomy cached, pool connected): what is measured is the wait on the lock.
  await Promise.all(Array.from({ length: 3 }, () => app.inject('/v1/groups?condition=anxiety&near=10001')));
  const lock = await locker(url);
  t.teardown(() => lock.end());
  await lock.query('BEGIN');
  await lock.query('LOCK TABLE groups IN ACCESS EXCLUSIVE MODE');

  const writes = Array.from({ length: 3 }, (_, i) => ({
    key: `lock-${randomUUID()}`,
    name: `Locked Circle ${i}`,
  }));
  const requests: (() => Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>)[] =
    [
      ...Array.from({ length: 6 }, () => () => app.inject('/v1/groups?condition=anxiety&near=10001')),
      () => app.inject(`/v1/groups/${publishedId}`),
      () => app.inject('/v1/feeds/meeting-guide.json'),
      ...writes.map((w) => () => create(app, org.key, w.key, w.name)),
    ];
  const results = await Promise.all(requests.map((r) => timed(r)));
  const gql = await timed(() =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ groups(first: 3) { totalCount nodes { name } } }' },
    }),
  );
  const slowest = Math.max(...results.map((r) => r.ms));
  t.comment(`answers in ms: ${results.map((r) => Math.round(r.ms)).join(', ')}`);
  t.ok(
    results.every((r) => isUnavailable(r.value)),
    `503 problems: ${results.map((r) => r.value.statusCode)}`,
  );
  // A request waits at most for a pool connection, then for the lock (plus scheduling slack).
  t.ok(
    slowest < connectMs + lockMs + 1_500,
    `slowest answer ${Math.round(slowest)} ms (lock ${lockMs}, pool ${connectMs})`,
  );
  const gqlBody = gql.value.json();
  t.equal(gqlBody.errors?.[0]?.extensions?.code, 'service_unavailable', 'GraphQL says service_unavailable');
  t.ok(Number(gql.value.headers['retry-after']) > 0, 'GraphQL sends Retry-After');
  t.notOk(leaksDriverText(gql.value.body), 'GraphQL leaks no driver message');
  t.ok(gql.ms < connectMs + lockMs + 1_000, `GraphQL answered in ${Math.round(gql.ms)} ms`);
  const text = logs.text();
  t.match(text, /55P03/, 'the lock timeout fired (logged)');
  t.match(text, /timeout exceeded when trying to connect/, 'the pool timeout fired (logged)');

  await lock.query('ROLLBACK');
  t.equal(
    (await app.inject('/v1/groups?condition=anxiety')).statusCode,
    200,
    'reads answer once the lock goes',
  );
  const retried = await Promise.all(writes.map((w) => create(app, org.key, w.key, w.name)));
  t.same(
    retried.map((r) => r.statusCode),
    writes.map(() => 201),
    'the refused writes succeed when retried',
  );
  t.equal(
    await countWhere(
      check,
      writes.map((w) => w.name),
    ),
    writes.length,
    'once each',
  );
});

t.test('a statement over the statement timeout is cancelled: 503, not a hang', async (t) => {
  const statementMs = 600;
  const { app, logs } = await appOn(t, url, {
    CIRCLES_DB_STATEMENT_TIMEOUT_MS: String(statementMs),
    CIRCLES_DB_LOCK_TIMEOUT_MS: '10000',
  });
  await app.inject('/v1/groups'); // connect first: the timeout under test is the statement's
  const lock = await locker(url);
  t.teardown(() => lock.end());
  await lock.query('BEGIN');
  await lock.query('LOCK TABLE groups IN ACCESS EXCLUSIVE MODE');
  const { value: res, ms } = await timed(() => app.inject(`/v1/groups/${publishedId}`));
  await lock.query('ROLLBACK');
  t.ok(isUnavailable(res), `503 problem (${res.statusCode})`);
  t.ok(ms < statementMs + 1_000, `answered in ${Math.round(ms)} ms`);
  t.match(logs.text(), /57014/, 'Postgres cancelled it (logged)');
  t.equal((await app.inject(`/v1/groups/${publishedId}`)).statusCode, 200);
});

t.test('app.close() under load: in-flight requests finish, nothing half-written', async (t) => {
  const { app } = await appOn(t, url);
  const org = await submitter(app, check, 'Closing Time Network', true);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // Slow the writes down so that they are still running when the close starts.
  const lock = await locker(url);
  t.teardown(() => lock.end());
  await lock.query('BEGIN');
  await lock.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
  const writes = Array.from({ length: 8 }, (_, i) => ({
    key: `close-${randomUUID()}`,
    name: `Closing Circle ${i}`,
  }));
  const pending = writes.map((w) =>
    fetch(`${base}/v1/groups`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${org.key}`,
        'idempotency-key': w.key,
        'content-type': 'application/json',
      },
      body: JSON.stringify(groupBody({ name: w.name })),
    }).then(async (res) => ({ status: res.status, body: await res.text() })),
  );
  const reads = Array.from({ length: 4 }, () =>
    fetch(`${base}/v1/groups/${publishedId}`).then((r) => r.status),
  );
  await until('the writes to be in flight', async () => {
    const s = await appSessions(check, dbName);
    return s.filter((x) => x.wait === 'Lock').length === 8;
  });
  const closing = app.close();
  await sleep(300);
  await lock.query('COMMIT');
  await closing;

  const done = await Promise.all(pending);
  t.same(
    done.map((d) => d.status),
    writes.map(() => 201),
    'every in-flight write finished',
  );
  t.same(await Promise.all(reads), [200, 200, 200, 200], 'in-flight reads finished');
  await t.rejects(fetch(`${base}/healthz`), 'and then the server is gone');
  const rows = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM groups g
    WHERE g.name LIKE 'Closing Circle %'
      AND EXISTS (SELECT 1 FROM meetings m WHERE m.group_id = g.id)
      AND EXISTS (SELECT 1 FROM audit_log a WHERE a.group_id = g.id)`.execute(check);
  t.equal(rows.rows[0]?.n, 8, 'each write is whole: group, meetings and audit entry');
});

t.test('SIGTERM on the server process under load: in-flight requests finish, exit 0', async (t) => {
  const { app } = await appOn(t, url);
  const org = await submitter(app, check, 'Signal Network', true);
  const port = await freePort();
  // Through sh, without NODE_OPTIONS: tap's process tracker would otherwise be loaded into the
  // server and handle its signals; the server must run as it does in production.
  const child: ChildProcess = spawn(
    'sh',
    ['-c', 'unset NODE_OPTIONS; exec "$0" --import tsx src/server.ts', process.execPath],
    {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: url,
        PORT: String(port),
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        CIRCLES_DEMO_DATA: 'false',
        CIRCLES_RATE_LIMIT: '100000',
        // The writes wait on our lock; what is tested is the shutdown, not the lock timeout.
        CIRCLES_DB_LOCK_TIMEOUT_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await until('the server to be ready', async () => /ready on/.test(output), 90_000, 50).catch(
    (error: Error) => {
      throw new Error(`${error.message}: ${output}`);
    },
  );
  const base = `http://127.0.0.1:${port}`;
  t.equal((await fetch(`${base}/v1/groups?condition=anxiety`)).status, 200, 'serving');

  const lock = await locker(url);
  t.teardown(() => lock.end());
  await lock.query('BEGIN');
  await lock.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
  const n = 6;
  const writes = Array.from({ length: n }, (_, i) => ({
    key: `term-${randomUUID()}`,
    name: `Signal Circle ${i}`,
  }));
  const pending = writes.map((w) =>
    fetch(`${base}/v1/groups`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${org.key}`,
        'idempotency-key': w.key,
        'content-type': 'application/json',
      },
      body: JSON.stringify(groupBody({ name: w.name })),
    }).then(
      (res) => res.status,
      (error: Error) => `${error.message} (${(error.cause as Error | undefined)?.message})`,
    ),
  );
  await until('the writes to be in flight', async () => {
    const s = await appSessions(check, dbName);
    return s.filter((x) => x.wait === 'Lock').length === n;
  });
  child.kill('SIGTERM');
  await sleep(300);
  await lock.query('COMMIT');
  const statuses = await Promise.all(pending);
  const { value: code, ms } = await timed(() => exited);
  t.same(
    statuses,
    writes.map(() => 201),
    'every in-flight write finished',
  );
  t.equal(code, 0, `the process exited cleanly (${output.trim().split('\n').slice(-3).join(' | ')})`);
  t.ok(ms < 10_000, `within the grace period (${Math.round(ms)} ms after the writes)`);
  t.equal(
    await countWhere(
      check,
      writes.map((w) => w.name),
    ),
    n,
    'all of them stored',
  );
});
