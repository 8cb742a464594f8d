// Health, docs, the committed OpenAPI document, and what the logs may hold.
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import t from 'tap';
import { buildOpenApiDocument } from '../src/openapi-document.js';
import { buildTestApp } from './helper.js';
import { addGroups } from './support/fixtures.js';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(chunk.toString());
    done();
  },
});
const { app } = await buildTestApp(t, { logStream });

t.test('healthz and readyz', async (t) => {
  t.same((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json().checks, { database: 'ok', migrations: 'ok', search: 'postgres' });
});

t.test('the API reference and the OpenAPI document are served', async (t) => {
  const redirect = await app.inject({ url: '/docs' });
  t.equal(redirect.statusCode, 301);
  const docs = await app.inject({ url: redirect.headers.location as string });
  t.equal(docs.statusCode, 200);
  t.match(docs.body, /openapi\.json/, 'the page loads our document');
  t.match(docs.headers['content-type'], /text\/html/);
  const spec = (await app.inject({ url: '/openapi.json' })).json();
  t.equal(spec.openapi, '3.1.0');
  for (const path of [
    '/v1/groups',
    '/v1/groups/{idOrSlug}',
    '/v1/taxonomy',
    '/v1/taxonomy/{vocabulary}',
    '/v1/organizations/{id}',
  ]) {
    t.ok(spec.paths[path]?.get, `documents ${path}`);
  }
});

t.test(
  'openapi/openapi.json matches the code (run `npm run openapi:sync` after changing a route)',
  async (t) => {
    const committed = JSON.parse(await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));
    t.same(JSON.parse(JSON.stringify(await buildOpenApiDocument())), committed);
  },
);

t.test('request logs hold neither the query string nor the client address', async (t) => {
  await app.inject({
    url: '/v1/groups?q=suicidal%20thoughts&near=40.7128,-74.0060',
    remoteAddress: '203.0.113.77',
    headers: { authorization: 'Bearer cir_sk_secret' },
  });
  const text = logLines.join('');
  t.match(text, /\/v1\/groups/, 'the request was logged');
  t.notMatch(text, /suicidal/);
  t.notMatch(text, /40\.7128/);
  t.notMatch(text, /203\.0\.113/);
  t.notMatch(text, /cir_sk_secret/);
});

t.test('rate limit answers 429 problem+json with draft headers', async (t) => {
  const { app: limited } = await buildTestApp(t, { env: { CIRCLES_RATE_LIMIT: '3' } });
  const statuses: number[] = [];
  let last: Awaited<ReturnType<typeof limited.inject>> | undefined;
  for (let i = 0; i < 4; i++) {
    last = await limited.inject({ url: '/v1/taxonomy' });
    statuses.push(last.statusCode);
  }
  t.same(statuses, [200, 200, 200, 429]);
  t.equal(last!.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(last!.json().code, 'rate_limited');
  t.ok(last!.headers['ratelimit-limit']);
  t.ok(last!.headers['retry-after']);
});

// Redis-backed behaviour runs against a real Redis: CI's external lane sets REDIS_URL.
t.test(
  'with REDIS_URL, instances share one rate-limit budget',
  { skip: process.env.REDIS_URL ? false : 'REDIS_URL is not set (the external-services lane sets it)' },
  async (t) => {
    const env = { CIRCLES_RATE_LIMIT: '3', REDIS_URL: process.env.REDIS_URL! };
    const { app: one } = await buildTestApp(t, { env });
    const { app: two } = await buildTestApp(t, { env });
    // A client address of its own, so earlier runs within the same minute don't count.
    const remoteAddress = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const statuses = [];
    for (const app of [one, two, one, two]) {
      statuses.push((await app.inject({ url: '/v1/taxonomy', remoteAddress })).statusCode);
    }
    t.same(statuses, [200, 200, 200, 429], 'the fourth request is over the shared budget');
  },
);

t.test('when Redis is unreachable, reads fail open', async (t) => {
  const { app: orphan } = await buildTestApp(t, { env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  const res = await orphan.inject({ url: '/v1/taxonomy' });
  t.equal(res.statusCode, 200);
});

t.test('an internal failure is a masked 500 problem, logged for us', async (t) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const { app: broken, db } = await buildTestApp(t, { logStream: stream });
  await addGroups(db, [{ name: 'Any Group' }]);
  await db.schema.dropTable('meetings').execute();
  const res = await broken.inject({ url: '/v1/groups' });
  t.equal(res.statusCode, 500);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(res.json().code, 'internal_error');
  t.notMatch(res.body, /meetings|relation|select/i, 'no SQL or table names reach the client');
  t.match(lines.join(''), /relation \\"meetings\\" does not exist/, 'the cause is in the log');
  t.equal((await broken.inject({ url: '/healthz' })).statusCode, 200, 'still serving');
});
