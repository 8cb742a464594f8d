// Meilisearch down: searches still answer, from Postgres, marked as such; /readyz says degraded;
// writes keep succeeding and wait in the outbox.
import t from 'tap';
import { freePort } from '../../src/db/embedded.js';
import { buildTestApp } from '../helper.js';
import { addGroups } from '../support/fixtures.js';

// A port nothing listens on.
const closed = `http://127.0.0.1:${await freePort()}`;
const { app, db } = await buildTestApp(t, {
  env: { MEILISEARCH_URL: closed, CIRCLES_SEARCH_TIMEOUT_MS: '300', CIRCLES_INDEXER: 'off' },
});
await addGroups(db, [{ name: 'Fallback Depression Circle', conditions: ['depression'] }]);

t.test('searches answer from Postgres, and say so', async (t) => {
  for (const url of ['/v1/groups?q=fallback', '/v1/groups?condition=depression&facets=condition']) {
    const res = await app.inject({ url });
    t.equal(res.statusCode, 200, url);
    t.equal(res.json().meta.engine, 'postgres');
    t.equal(res.headers['x-search-engine'], 'postgres');
    t.equal(res.json().meta.total, 1);
  }
  const gql = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: '{ groups(filter: { q: "fallback" }) { totalCount engine } }' },
  });
  t.same(gql.json().data.groups, { totalCount: 1, engine: 'postgres' });
});

t.test('/readyz reports the index as degraded, with the outbox backlog', async (t) => {
  const res = await app.inject({ url: '/readyz' });
  t.equal(res.statusCode, 200, 'still ready: Postgres serves search');
  const body = res.json();
  t.equal(body.status, 'degraded');
  t.equal(body.checks.search, 'degraded');
  t.ok(Number(body.checks.outbox_backlog) >= 1, 'the write waits in the outbox');
});

t.test('a cursor from a fallback page continues in Postgres', async (t) => {
  await addGroups(db, [{ name: 'Fallback Depression Circle Two', conditions: ['depression'] }]);
  const first = (await app.inject({ url: '/v1/groups?condition=depression&limit=1' })).json();
  t.equal(first.meta.total, 2);
  const second = await app.inject({
    url: `/v1/groups?condition=depression&limit=1&cursor=${first.meta.next_cursor}`,
  });
  t.equal(second.statusCode, 200);
  t.equal(second.json().meta.engine, 'postgres');
  t.not(second.json().data[0].id, first.data[0].id);
});
