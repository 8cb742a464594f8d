// Faults that need servers of our own: a PostgreSQL stopped and restarted under 200 concurrent
// writes (the shared one must never be stopped), and a redis-server taken down and hung while
// REDIS_URL is set. What a client must see: a fast 503 problem it can retry, every acknowledged
// write in the database, one row per Idempotency-Key, and service back without a restart; with
// Redis gone, the documented fail-open behaviour on every route, and budgets back within seconds.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import t from 'tap';
import { createDb } from '../../src/db/connect.js';
import { createTestDatabase } from '../helper.js';
import { addGroups } from '../support/fixtures.js';
import { groupBody, submitter } from '../support/keys.js';
import { appOn, DedicatedPostgres, DedicatedRedis, isUnavailable, timed, until } from './support.js';

function create(app: FastifyInstance, key: string, idemKey: string, name: string) {
  return app.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: { authorization: `Bearer ${key}`, 'idempotency-key': idemKey },
    payload: groupBody({ name }),
  });
}

t.test('Postgres stopped and restarted during 200 concurrent writes', async (t) => {
  const server = await DedicatedPostgres.start();
  t.teardown(() => server.destroy());
  const connectMs = 3_000;
  const { app } = await appOn(t, server.url, {
    CIRCLES_DB_CONNECT_TIMEOUT_MS: String(connectMs),
    CIRCLES_DB_STATEMENT_TIMEOUT_MS: '3000',
  });
  const own = createDb({ connectionString: server.url, max: 2, applicationName: 'circles-faults-check' });
  t.teardown(() => own.destroy());
  const org = await submitter(app, own, 'Restart Network', true);
  await own.destroy(); // its sessions would only be killed by the stop
  // A running server has a warm pool.
  await Promise.all(Array.from({ length: 10 }, () => app.inject('/v1/groups?condition=anxiety')));

  const writes = Array.from({ length: 200 }, (_, i) => ({
    key: `restart-${randomUUID()}`,
    name: `Restart Circle ${i}`,
  }));
  let acknowledged = 0;
  const statuses: number[] = [];
  const started = performance.now();
  const pending = writes.map((w) =>
    create(app, org.key, w.key, w.name).then((res) => {
      if (res.statusCode === 201) acknowledged++;
      statuses.push(res.statusCode);
      return { res, ms: performance.now() - started };
    }),
  );
  await until(
    'the first writes to be acknowledged',
    async () => acknowledged >= 15 || statuses.length === writes.length,
    20_000,
    2,
  );
  const stoppedAt = performance.now() - started;
  t.ok(statuses.length < writes.length, `stopped with writes in flight (so far: ${[...new Set(statuses)]})`);
  await server.down();
  const results = await Promise.all(pending);

  const whileDown = await timed(() => app.inject('/v1/groups?condition=anxiety'));
  const ready = await app.inject('/readyz');
  t.ok(isUnavailable(whileDown.value), 'a read while the server is down: 503 problem');
  t.ok(whileDown.ms < connectMs + 1_000, `... in ${Math.round(whileDown.ms)} ms`);
  t.equal(ready.statusCode, 503, '/readyz says not ready');

  const byIndex = new Map(results.map((r, i) => [r, writes[i]!]));
  const acked = results.filter((r) => r.res.statusCode === 201);
  const refused = results.filter((r) => r.res.statusCode !== 201);
  t.ok(acked.length >= 15 && refused.length > 0, `${acked.length} acknowledged, ${refused.length} refused`);
  t.ok(
    refused.every((r) => isUnavailable(r.res)),
    `every refusal is a 503 problem: ${[...new Set(refused.map((r) => r.res.statusCode))]}`,
  );
  const lastRefusal = Math.max(...refused.map((r) => r.ms)) - stoppedAt;
  t.ok(lastRefusal < connectMs + 3_000, `the last refusal came ${Math.round(lastRefusal)} ms after the stop`);

  await server.up();
  const recoveredIn = await until(
    'reads to answer again',
    async () => (await app.inject('/v1/groups?condition=anxiety')).statusCode === 200,
    10_000,
    100,
  );
  t.ok(recoveredIn < 5_000, `reads answer ${Math.round(recoveredIn)} ms after the server is back`);
  t.equal((await app.inject('/readyz')).statusCode, 200, 'ready again, same process');

  const verify = createDb({ connectionString: server.url, max: 2, applicationName: 'circles-faults-check' });
  t.teardown(() => verify.destroy());
  const ids = acked.map((r) => r.res.json().data.id as string);
  const stored = ids.length
    ? await verify.selectFrom('groups').select('id').where('id', 'in', ids).execute()
    : [];
  t.equal(stored.length, ids.length, 'every acknowledged write is in the database');

  // Clients retry what was refused with the same keys (some committed before the stop, unacked),
  // twenty at a time, honouring Retry-After, at most three times each.
  const toRetry = refused.map((r) => byIndex.get(r)!);
  const lastStatus = new Map<string, number>();
  for (let attempt = 0; attempt < 3; attempt++) {
    const open = toRetry.filter((w) => lastStatus.get(w.key) !== 201);
    for (let i = 0; i < open.length; i += 20) {
      const batch = await Promise.all(open.slice(i, i + 20).map((w) => create(app, org.key, w.key, w.name)));
      batch.forEach((res, j) => {
        const w = open[i + j]!;
        lastStatus.set(w.key, res.statusCode);
        if (res.statusCode !== 201)
          t.ok(isUnavailable(res), `a failed retry is a 503 problem (${res.statusCode})`);
      });
    }
  }
  t.ok(
    toRetry.every((w) => lastStatus.get(w.key) === 201),
    `every refused write succeeds on retry: ${[...new Set(lastStatus.values())]}`,
  );
  const counts = await verify
    .selectFrom('groups')
    .select(['name', (eb) => eb.fn.countAll().as('n')])
    .where('name', 'like', 'Restart Circle %')
    .groupBy('name')
    .execute();
  t.equal(counts.length, 200, 'all 200 groups exist');
  t.ok(
    counts.every((c) => Number(c.n) === 1),
    'exactly one row per Idempotency-Key',
  );
  const orphans = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM groups g
    WHERE g.name LIKE 'Restart Circle %'
      AND (NOT EXISTS (SELECT 1 FROM meetings m WHERE m.group_id = g.id)
        OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.group_id = g.id))`.execute(verify);
  t.equal(orphans.rows[0]?.n, 0, 'every group has its meetings and its audit entry');
});

t.test(
  'Redis down while REDIS_URL is set',
  { skip: !DedicatedRedis.available() && 'redis-server is not installed' },
  async (t) => {
    const { url, db: check } = await createTestDatabase(t);
    const [publishedId] = await addGroups(check, [
      { name: 'Harbor Anxiety Circle', conditions: ['anxiety'] },
    ]);
    const redis = await DedicatedRedis.start();
    t.teardown(() => redis.down());
    const { app } = await appOn(t, url, { REDIS_URL: redis.url, CIRCLES_RATE_LIMIT: '1000' });
    const org = await submitter(app, check, 'Redis Outage Network', true);
    const read = () => app.inject('/v1/groups?condition=anxiety');
    const remaining = async () => Number((await read()).headers['ratelimit-remaining']);

    // The app's Redis client connects in the background (and the limiter fails open until then):
    // wait, within 5 s, until two reads in a row are counted.
    let counted = false;
    for (let i = 0; i < 50 && !counted; i++) {
      const first = await remaining();
      counted = Number.isFinite(first) && (await remaining()) < first;
      if (!counted) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    t.ok(counted, 'with Redis up, the budget is counted');

    await redis.down();
    const reads = await Promise.all(Array.from({ length: 5 }, () => timed(read)));
    t.same(
      reads.map((r) => r.value.statusCode),
      [200, 200, 200, 200, 200],
      'reads are served (the limiter fails open)',
    );
    t.ok(Math.max(...reads.map((r) => r.ms)) < 1_000, 'without waiting for Redis');
    const write = await create(app, org.key, `redis-${randomUUID()}`, 'Redis Outage Circle');
    t.equal(write.statusCode, 201, 'a keyed write is served (documented: fails open)');
    const report = await app.inject({
      method: 'POST',
      url: `/v1/groups/${publishedId}/reports`,
      payload: { field: 'schedule', problem: 'This group moved to Thursdays' },
    });
    t.equal(report.statusCode, 201, 'a public report is served (documented: fails open)');

    await redis.up();
    const back = await until(
      'the limiter to count in Redis again',
      async () => {
        const a = await remaining();
        const b = await remaining();
        return b < a;
      },
      10_000,
      100,
    );
    t.ok(back < 5_000, `counting again ${Math.round(back)} ms after Redis returned`);

    redis.pause();
    t.teardown(() => redis.resume());
    const hung = await timed(read);
    t.equal(hung.value.statusCode, 200, 'a hung Redis: reads are still served');
    t.ok(hung.ms < 2_000, `... in ${Math.round(hung.ms)} ms, not held by Redis`);
    redis.resume();
  },
);
