// Compression: answers of 1 KB or more go out as Brotli or gzip when the client accepts it, with
// Vary: Accept-Encoding, an ETag of the bytes sent (so 304 works per encoding) that still carries
// a group's version for If-Match, and the same content as the uncompressed answer.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import t from 'tap';
import { buildTestApp } from '../helper.js';
import { groupBody, submitter } from '../support/keys.js';

const { app, db } = await buildTestApp(t, { demo: true });
const org = await submitter(app, db, 'Harbor Peer Network', true);
const created = await app.inject({
  method: 'POST',
  url: '/v1/groups',
  headers: org.auth,
  payload: groupBody(),
});
const id: string = created.json().data.id;

const SEARCH = '/v1/groups?condition=depression&limit=20';
const decode = { br: brotliDecompressSync, gzip: gunzipSync } as const;

t.test('a search page in gzip and in Brotli holds the same JSON as the plain answer', async (t) => {
  const plain = await app.inject({ url: SEARCH });
  t.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: sent as is');
  t.match(String(plain.headers.vary), /Accept-Encoding/, 'caches keep the encodings apart');
  t.ok(plain.rawPayload.length > 10_000, 'a page of groups is large enough to be worth it');
  for (const encoding of ['gzip', 'br'] as const) {
    const res = await app.inject({ url: SEARCH, headers: { 'accept-encoding': encoding } });
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-encoding'], encoding);
    t.match(String(res.headers.vary), /Accept-Encoding/);
    t.ok(res.rawPayload.length < plain.rawPayload.length / 4, `${encoding}: under a quarter of the size`);
    t.same(
      JSON.parse(decode[encoding](res.rawPayload).toString()),
      plain.json(),
      `${encoding}: same content`,
    );
    t.not(res.headers.etag, plain.headers.etag, `${encoding}: its own ETag`);
  }
});

t.test('a large answer (compressed off the event loop) holds the same JSON too', async (t) => {
  const url = '/v1/groups?limit=100';
  const plain = await app.inject({ url });
  t.ok(plain.rawPayload.length > 64 * 1024, `${plain.rawPayload.length} bytes: over the in-line limit`);
  for (const encoding of ['gzip', 'br'] as const) {
    const res = await app.inject({ url, headers: { 'accept-encoding': encoding } });
    t.equal(res.headers['content-encoding'], encoding);
    t.same(
      JSON.parse(decode[encoding](res.rawPayload).toString()),
      plain.json(),
      `${encoding}: same content`,
    );
  }
});

t.test("the client's preference is followed, and q=0 refuses an encoding", async (t) => {
  const pick = async (header: string) =>
    (await app.inject({ url: SEARCH, headers: { 'accept-encoding': header } })).headers['content-encoding'];
  t.equal(await pick('gzip, deflate, br, zstd'), 'br', "a browser's list: Brotli first");
  t.equal(await pick('br;q=0.5, gzip'), 'gzip');
  t.equal(await pick('br;q=0, gzip;q=0'), undefined);
  t.equal(await pick('deflate'), undefined, 'an encoding we do not offer: sent as is');
  t.equal(await pick('*'), 'br');
});

t.test('a cached answer comes compressed alike from the cache', async (t) => {
  const headers = { 'accept-encoding': 'gzip' };
  const first = await app.inject({ url: '/v1/groups?condition=anxiety', headers });
  const second = await app.inject({ url: '/v1/groups?condition=anxiety', headers });
  t.equal(second.headers['x-result-cache'], 'hit');
  t.same(second.rawPayload, first.rawPayload);
  t.equal(second.headers.etag, first.headers.etag);
});

t.test('If-None-Match with the ETag of the compressed answer gets 304', async (t) => {
  const headers = { 'accept-encoding': 'br' };
  const first = await app.inject({ url: SEARCH, headers });
  const again = await app.inject({
    url: SEARCH,
    headers: { ...headers, 'if-none-match': String(first.headers.etag) },
  });
  t.equal(again.statusCode, 304);
  t.equal(again.rawPayload.length, 0);
});

t.test("a compressed group's ETag still works as If-Match for an edit", async (t) => {
  const read = await app.inject({ url: `/v1/groups/${id}`, headers: { 'accept-encoding': 'gzip' } });
  t.equal(read.headers['content-encoding'], 'gzip');
  const edit = await app.inject({
    method: 'PATCH',
    url: `/v1/groups/${id}`,
    headers: { ...org.auth, 'if-match': String(read.headers.etag) },
    payload: { description: 'A peer circle for adults living with depression, now on Tuesdays too.' },
  });
  t.equal(edit.statusCode, 200, edit.body);
});

t.test('small answers and GraphQL', async (t) => {
  const small = await app.inject({ url: '/healthz', headers: { 'accept-encoding': 'gzip' } });
  t.equal(small.statusCode, 200);
  t.equal(small.headers['content-encoding'], undefined, 'under 1 KB: sent as is');
  const gql = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'accept-encoding': 'gzip' },
    payload: { query: '{ groups(first: 20) { nodes { id name description } } }' },
  });
  t.equal(gql.headers['content-encoding'], 'gzip');
  t.equal(JSON.parse(gunzipSync(gql.rawPayload).toString()).data.groups.nodes.length, 20);
});
