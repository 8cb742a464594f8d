// Public reads are cached, and a write is visible on the very next read: through the API, on
// another instance, or straight in the database (result-cache.ts, migration ..._500).
import { sql } from 'kysely';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createPool } from '../../src/db/connect.js';
import { generationReader, normalizedQuery, queryKeys, ResultCache } from '../../src/search/result-cache.js';
import { createTestDatabase } from '../helper.js';
import { addGroups } from '../support/fixtures.js';
import { groupBody, submitter } from '../support/keys.js';

const { url, db } = await createTestDatabase(t);
const instance = async (env: Record<string, string> = {}) => {
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }),
    databaseUrl: url,
  });
  t.teardown(() => app.close());
  await app.ready();
  return app;
};
// Two API instances on one database, as behind a load balancer.
const a = await instance();
const b = await instance();

const [lighthouse] = await addGroups(db, [
  { name: 'Lighthouse Grief Circle', conditions: ['grief_loss'], last_verified_at: new Date() },
]);

const search = async (app: typeof a, query: string) => {
  const res = await app.inject({ url: `/v1/groups?${query}` });
  t.equal(res.statusCode, 200);
  return { body: res.json(), cache: res.headers['x-result-cache'] };
};

t.test('a repeated search is answered from the cache, in any parameter order', async (t) => {
  const first = await search(a, 'condition=grief_loss&facets=condition');
  t.equal(first.cache, 'miss');
  const again = await search(a, 'facets=condition&condition=grief_loss');
  t.equal(again.cache, 'hit');
  t.same(again.body, first.body);
});

t.test('cache keys remembered by URL are the normalized query, also past the memo size', async (t) => {
  const key = queryKeys(2);
  const queries: [string, Record<string, unknown>][] = [
    ['/v1/groups?condition=a,b&limit=10', { condition: 'a,b', limit: 10 }],
    ['/v1/groups?limit=10&condition=b,a', { limit: 10, condition: 'b,a' }],
    ['/v1/groups?q=%20grief', { q: ' grief' }],
    [`/v1/groups?q=${'x'.repeat(2000)}`, { q: 'x'.repeat(2000) }],
  ];
  for (let round = 0; round < 2; round++) {
    for (const [url, query] of queries) t.equal(key(url, query), normalizedQuery(query), url.slice(0, 40));
  }
  t.equal(
    key(queries[0]![0], queries[0]![1]),
    key(queries[1]![0], queries[1]![1]),
    'list order does not matter',
  );
  t.not(key(queries[0]![0], queries[0]![1]), key(queries[2]![0], queries[2]![1]));
});

t.test('a write through the API is visible on the next read', async (t) => {
  const { auth } = await submitter(a, db, 'Cache Writers', true);
  t.equal((await search(a, 'q=harborview')).body.meta.total, 0);
  t.equal((await search(a, 'q=harborview')).cache, 'hit');
  const created = await a.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: { ...auth, 'idempotency-key': 'cache-test-1' },
    payload: groupBody({ name: 'Harborview Grief Circle' }),
  });
  t.equal(created.statusCode, 201);
  const after = await search(a, 'q=harborview');
  t.equal(after.cache, 'miss');
  t.equal(after.body.meta.total, 1);

  // An edit made on the other instance is seen here on the next read, as is the new ETag.
  const id = created.json().data.id;
  t.equal((await a.inject({ url: `/v1/groups/${id}` })).headers['x-result-cache'], 'miss');
  const cached = await a.inject({ url: `/v1/groups/${id}` });
  t.equal(cached.headers['x-result-cache'], 'hit');
  const patched = await b.inject({
    method: 'PATCH',
    url: `/v1/groups/${id}`,
    headers: { ...auth, 'if-match': cached.headers.etag as string },
    payload: { name: 'Harborview Grief and Loss Circle' },
  });
  t.equal(patched.statusCode, 200);
  const read = await a.inject({ url: `/v1/groups/${id}` });
  t.equal(read.json().data.name, 'Harborview Grief and Loss Circle');
  t.match(read.headers.etag, /^"2\./, 'the public ETag carries the new version');
  t.equal((await search(a, 'q=harborview')).body.data[0].name, 'Harborview Grief and Loss Circle');
});

t.test('a change made straight in the database (an import, moderation, another tool) is seen', async (t) => {
  const before = await search(a, 'condition=grief_loss');
  await search(a, 'condition=grief_loss');
  const org = before.body.data.find((g: { id: string }) => g.id === lighthouse).organization;
  await db
    .updateTable('organizations')
    .set({ name: 'Renamed Organization' })
    .where('id', '=', org.id)
    .execute();
  const after = await search(a, 'condition=grief_loss');
  t.equal(after.cache, 'miss');
  t.equal(
    after.body.data.find((g: { id: string }) => g.id === lighthouse).organization.name,
    'Renamed Organization',
  );

  // GraphQL pages too.
  const query = '{ groups(filter: { condition: ["grief_loss"] }) { totalCount nodes { name } } }';
  const gql = async () =>
    (await a.inject({ method: 'POST', url: '/graphql', payload: { query } })).json().data.groups;
  t.equal((await gql()).totalCount, after.body.meta.total);
  await db.updateTable('groups').set({ status: 'archived' }).where('id', '=', lighthouse!).execute();
  t.equal((await gql()).totalCount, after.body.meta.total - 1);
});

t.test('owners read around the cache, and the cache can be switched off', async (t) => {
  const { auth } = await submitter(a, db, 'Cache Owners', true);
  const created = await a.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: { ...auth, 'idempotency-key': 'cache-test-2' },
    payload: groupBody({ name: 'Owner Circle' }),
  });
  const owned = await a.inject({ url: `/v1/groups/${created.json().data.id}`, headers: auth });
  t.equal(owned.headers['x-result-cache'], undefined);
  t.ok(owned.json().data.moderation, 'the owner sees the moderation state');

  const off = await instance({ CIRCLES_RESULT_CACHE: 'off' });
  await off.inject({ url: '/v1/groups?condition=depression' });
  t.equal((await off.inject({ url: '/v1/groups?condition=depression' })).headers['x-result-cache'], 'miss');
});

// Generation reads as the app makes them, on a pool of their own.
const generationPool = createPool({ connectionString: url, max: 2, applicationName: 'circles-cache-test' });
t.teardown(() => generationPool.end());
const readGeneration = generationReader(generationPool);

// A reader whose reads, once they have read the database, wait to be released: to see how
// callers group onto reads, and to finish reads out of order.
function heldReads() {
  const held = { started: 0, release: [] as (() => void)[] };
  const reader = async () => {
    held.started++;
    const generation = await readGeneration();
    await new Promise<void>((r) => held.release.push(r));
    return generation;
  };
  return { held, reader };
}
const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise((r) => setTimeout(r, 5));
};

t.test('concurrent requests share generation reads, each started after the request arrived', async (t) => {
  // No least interval between reads here: this test is about who shares which read.
  const { held, reader } = heldReads();
  const cache = new ResultCache(reader, { readIntervalMs: 0, maxReadsInFlight: 1 });
  const first = cache.generation();
  const queued = Array.from({ length: 10 }, () => cache.generation());
  t.equal(held.started, 1, 'the later callers do not join the read already in flight');
  await until(() => held.release.length === 1);
  t.equal(held.started, 1, 'nor start one of their own while one is in flight');
  held.release.shift()!();
  await first;
  await until(() => held.release.length === 1);
  t.equal(held.started, 2, 'the next read starts once the first has finished');
  held.release.shift()!();
  await Promise.all(queued);
  t.equal(held.started, 2, 'the ten callers shared that one read');
});

t.test('with two reads in flight, the next starts without waiting for the first', async (t) => {
  const { held, reader } = heldReads();
  const cache = new ResultCache(reader, { readIntervalMs: 0, maxReadsInFlight: 2 });
  const first = cache.generation();
  await until(() => held.release.length === 1);
  // A write commits after the first read and before the next callers arrive.
  await sql`UPDATE cache_generation SET generation = generation + 1`.execute(db);
  const second = cache.generation();
  t.equal(held.started, 2, 'a second read started at once for the caller after the first');
  const third = Array.from({ length: 5 }, () => cache.generation());
  t.equal(held.started, 2, 'no third while two are in flight');
  await until(() => held.release.length === 2);
  // Finish them out of order: the later read first.
  held.release[1]!();
  const newer = await second;
  held.release[0]!();
  const older = await first;
  t.ok(BigInt(older) < BigInt(newer), `each caller got its own read's answer (${older} < ${newer})`);
  t.equal(
    (cache as unknown as { known: string }).known,
    newer,
    'the older answer did not roll back what is known',
  );
  await until(() => held.release.length === 3);
  t.equal(held.started, 3, 'the waiting callers got a read of their own');
  held.release[2]!();
  t.same(new Set(await Promise.all(third)), new Set([newer]));
});

t.test('generation reads start at most once per interval, callers meanwhile share the next', async (t) => {
  const starts: number[] = [];
  const reader = () => {
    starts.push(performance.now());
    return readGeneration();
  };
  const cache = new ResultCache(reader, { readIntervalMs: 200 });
  await cache.generation();
  const called = performance.now();
  const later = await Promise.all(Array.from({ length: 5 }, () => cache.generation()));
  t.equal(starts.length, 2, 'five callers after the first read shared one more read');
  t.ok(starts[1]! >= called, 'that read started after they called');
  t.ok(
    starts[1]! - starts[0]! >= 195,
    `it started ${Math.round(starts[1]! - starts[0]!)} ms after the first`,
  );
  t.same(new Set(later).size, 1);
});

t.test('concurrent misses of one query compute it once', async (t) => {
  const cache = new ResultCache(readGeneration);
  let computed = 0;
  const compute = async () => {
    computed++;
    await new Promise((r) => setTimeout(r, 50));
    return 'answer';
  };
  const policy = { bytes: (v: string) => v.length };
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => cache.fetch('same-key', compute, policy)),
  );
  t.same(
    answers.map((a) => a.value),
    Array(8).fill('answer'),
  );
  t.ok(computed < 8, `computed ${computed} times for 8 concurrent requests`);
  t.equal((await cache.fetch('same-key', compute, policy)).hit, true);
});

t.test('the cache keeps within its memory budget, dropping the least recently used', async (t) => {
  const cache = new ResultCache(readGeneration, { maxBytes: 3000 });
  const policy = { bytes: (v: Buffer) => v.length };
  const body = (fill: string) => async () => Buffer.alloc(1000, fill);
  await cache.fetch('a', body('a'), policy);
  await cache.fetch('b', body('b'), policy);
  await cache.fetch('c', body('c'), policy);
  t.equal(cache.usedBytes, 3000);
  t.equal((await cache.fetch('a', body('a'), policy)).hit, true, 'a is now the most recently used');
  await cache.fetch('d', body('d'), policy);
  t.equal(cache.usedBytes, 3000, 'one entry made room for d');
  t.equal((await cache.fetch('b', body('b'), policy)).hit, false, 'b, least recently used, was dropped');
  t.equal((await cache.fetch('d', body('d'), policy)).hit, true);
  await cache.fetch('huge', async () => Buffer.alloc(5000), policy);
  t.equal(
    (await cache.fetch('huge', async () => Buffer.alloc(5000), policy)).hit,
    false,
    'larger than the budget: not kept',
  );
  t.ok(cache.usedBytes <= 3000);
});
