// HTTP caching: public reads carry an ETag and a Cache-Control policy, and a client that sends the
// ETag back gets 304 without the body. A group's ETag also works as If-Match for edits, yet it
// changes when the group's next meeting moves on, though its version does not.
import t from 'tap';
import { buildTestApp } from '../helper.js';
import { auth, groupBody, submitter } from '../support/keys.js';

let now = new Date('2026-12-01T12:00:00Z'); // a Tuesday
const { app, db } = await buildTestApp(t, { clock: () => now });
const org = await submitter(app, db, 'Harbor Peer Network', true);
const created = await app.inject({
  method: 'POST',
  url: '/v1/groups',
  headers: org.auth,
  payload: groupBody(),
});
const id: string = created.json().data.id;

t.test('a search answers with an ETag, a public policy, and 304 when the client has it', async (t) => {
  const first = await app.inject({ url: '/v1/groups?condition=depression' });
  t.equal(first.statusCode, 200);
  t.equal(first.headers['cache-control'], 'public, max-age=60');
  t.match(String(first.headers.vary), /Authorization/);
  const tag = String(first.headers.etag);
  t.match(tag, /^"[A-Za-z0-9_-]{22}"$/);
  const again = await app.inject({
    url: '/v1/groups?condition=depression',
    headers: { 'if-none-match': tag },
  });
  t.equal(again.statusCode, 304);
  t.equal(again.body, '', 'no body on 304');
  t.equal(again.headers.etag, tag);
  const weak = await app.inject({
    url: '/v1/groups?condition=depression',
    headers: { 'if-none-match': `"other", W/${tag}` },
  });
  t.equal(weak.statusCode, 304, 'weak comparison over a list of tags');
  const other = await app.inject({ url: '/v1/groups?condition=anxiety', headers: { 'if-none-match': tag } });
  t.equal(other.statusCode, 200, 'another query is another representation');
  t.not(other.headers.etag, tag);
});

t.test("a group's ETag is its version plus its content, usable for both caching and If-Match", async (t) => {
  const read = await app.inject({ url: `/v1/groups/${id}` });
  const tag = String(read.headers.etag);
  t.match(tag, /^"1\.[A-Za-z0-9_-]{22}"$/);
  t.equal((await app.inject({ url: `/v1/groups/${id}`, headers: { 'if-none-match': tag } })).statusCode, 304);

  // The next meeting moves on with time: same version, new representation, so no 304.
  now = new Date('2026-12-03T12:00:00Z');
  const later = await app.inject({ url: `/v1/groups/${id}`, headers: { 'if-none-match': tag } });
  t.equal(later.statusCode, 200, 'a cached copy with an old next_meeting is not validated');
  t.not(later.json().data.next_meeting, read.json().data.next_meeting);
  t.match(String(later.headers.etag), /^"1\./, 'still version 1');

  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/groups/${id}`,
    headers: { ...org.auth, 'if-match': String(later.headers.etag) },
    payload: { name: 'Harbor Tuesday Depression Circle (new room)' },
  });
  t.equal(patched.statusCode, 200, 'the GET ETag is accepted as If-Match');
  t.equal(patched.headers['cache-control'], 'no-store');
  const after = await app.inject({
    url: `/v1/groups/${id}`,
    headers: { 'if-none-match': String(later.headers.etag) },
  });
  t.equal(after.statusCode, 200, 'after an edit the old tag no longer validates');
  t.equal(after.json().data.name, 'Harbor Tuesday Depression Circle (new room)');
});

t.test('keyed reads are private; errors are not stored; vocabularies cache longer', async (t) => {
  const keyed = await app.inject({ url: `/v1/groups/${id}`, headers: auth(org.key) });
  t.equal(keyed.headers['cache-control'], 'private, no-cache');
  t.match(String(keyed.headers.vary), /Authorization, Origin/, 'a keyed answer also depends on the origin');
  const missing = await app.inject({ url: '/v1/groups/does-not-exist' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.headers['cache-control'], 'no-store');
  t.equal(missing.headers.etag, undefined);
  const taxonomy = await app.inject({ url: '/v1/taxonomy' });
  t.equal(taxonomy.headers['cache-control'], 'public, max-age=3600');
  const feed = await app.inject({ url: `/v1/groups/${id}/calendar.ics` });
  t.equal(feed.headers['cache-control'], 'public, max-age=300');
  t.ok(feed.headers.etag);
});
