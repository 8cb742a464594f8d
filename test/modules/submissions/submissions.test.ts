// The write side as nonprofits and moderators use it: ownership, moderation, safe writes, audit.
import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { adminKey, auth, groupBody, moderatorKey, submitter } from '../../support/keys.js';
import { countRows } from '../../support/rows.js';

const { app, db } = await buildTestApp(t);
const trusted = await submitter(app, db, 'Harbor Peer Network', true);
const fresh = await submitter(app, db, 'New Dawn Collective', false);
const moderator = await moderatorKey(app);

async function post(headers: Record<string, string>, body: unknown, url = '/v1/groups') {
  const res = await app.inject({ method: 'POST', url, headers, payload: body as object });
  return { res, body: res.json() };
}
const countGroups = () => countRows(db, 'groups');

t.test('a trusted organization publishes directly', async (t) => {
  const { res, body } = await post(trusted.auth, groupBody());
  t.equal(res.statusCode, 201, res.body);
  t.equal(body.data.status, 'published');
  t.equal(body.data.version, 1);
  t.equal(res.headers.etag, '"1"');
  t.equal(res.headers.location, `/v1/groups/${body.data.id}`);
  t.ok(body.data.last_verified_at, 'creating counts as verifying');
  const pub = await app.inject({ url: `/v1/groups/${body.data.id}` });
  t.equal(pub.statusCode, 200);
  t.match(pub.headers.etag, /^"1\./, 'the public ETag starts with the version');
  const found = (await app.inject({ url: '/v1/groups?q=harbor' })).json();
  t.ok(
    found.data.some((g: { id: string }) => g.id === body.data.id),
    'searchable at once',
  );
});

t.test('a new organization waits for review; approval publishes', async (t) => {
  const { res, body } = await post(
    fresh.auth,
    groupBody({ name: 'New Dawn Anxiety Circle', conditions: ['anxiety'] }),
  );
  t.equal(res.statusCode, 201);
  t.equal(body.data.status, 'pending_review');
  t.equal(body.data.moderation.pending.kind, 'create');
  const id = body.data.id;
  t.equal((await app.inject({ url: `/v1/groups/${id}` })).statusCode, 404, 'not public yet');
  const own = await app.inject({ url: `/v1/groups/${id}`, headers: fresh.auth });
  t.equal(own.json().data.status, 'pending_review', 'its owner sees it');

  const queue = (await app.inject({ url: '/v1/moderation/queue', headers: auth(moderator) })).json();
  const item = queue.data.find((i: { group: { id: string } }) => i.group.id === id);
  t.equal(item.type, 'submission');
  const approved = await app.inject({
    method: 'POST',
    url: `/v1/moderation/queue/${item.id}/approve`,
    headers: auth(moderator),
  });
  t.equal(approved.statusCode, 200, approved.body);
  const pub = await app.inject({ url: `/v1/groups/${id}` });
  t.equal(pub.statusCode, 200);
});

t.test('an edit of a published group under review leaves the live version until approved', async (t) => {
  const created = (
    await post(fresh.auth, groupBody({ name: 'New Dawn Grief Circle', conditions: ['grief_loss'] }))
  ).body.data;
  const item = (await app.inject({ url: '/v1/moderation/queue', headers: auth(moderator) }))
    .json()
    .data.find((i: { group: { id: string } }) => i.group.id === created.id);
  await app.inject({
    method: 'POST',
    url: `/v1/moderation/queue/${item.id}/approve`,
    headers: auth(moderator),
  });
  const live = await app.inject({ url: `/v1/groups/${created.id}` });
  const patch = await app.inject({
    method: 'PATCH',
    url: `/v1/groups/${created.id}`,
    headers: { ...fresh.auth, 'if-match': live.headers.etag as string },
    payload: { name: 'New Dawn Grief and Loss Circle' },
  });
  t.equal(patch.statusCode, 200, patch.body);
  t.same(patch.json().data.moderation.pending.changes.name, {
    from: 'New Dawn Grief Circle',
    to: 'New Dawn Grief and Loss Circle',
  });
  t.equal(
    (await app.inject({ url: `/v1/groups/${created.id}` })).json().data.name,
    'New Dawn Grief Circle',
    'live unchanged',
  );

  const pending = (await app.inject({ url: '/v1/moderation/queue', headers: auth(moderator) }))
    .json()
    .data.find((i: { group: { id: string } }) => i.group.id === created.id);
  t.equal(pending.kind, 'update');
  await app.inject({
    method: 'POST',
    url: `/v1/moderation/queue/${pending.id}/approve`,
    headers: auth(moderator),
  });
  t.equal(
    (await app.inject({ url: `/v1/groups/${created.id}` })).json().data.name,
    'New Dawn Grief and Loss Circle',
  );
});

t.test('a rejected submission carries the reason its submitter reads', async (t) => {
  const created = (await post(fresh.auth, groupBody({ name: 'New Dawn Test Listing' }))).body.data;
  const item = (await app.inject({ url: '/v1/moderation/queue', headers: auth(moderator) }))
    .json()
    .data.find((i: { group: { id: string } }) => i.group.id === created.id);
  const rejected = await app.inject({
    method: 'POST',
    url: `/v1/moderation/queue/${item.id}/reject`,
    headers: auth(moderator),
    payload: { reason: 'Please give the meeting room, not only the building.' },
  });
  t.equal(rejected.statusCode, 200, rejected.body);
  const own = (await app.inject({ url: `/v1/groups/${created.id}`, headers: fresh.auth })).json().data;
  t.equal(own.status, 'rejected');
  t.equal(own.moderation.last_rejection.reason, 'Please give the meeting room, not only the building.');
  const again = await app.inject({
    method: 'POST',
    url: `/v1/moderation/queue/${item.id}/approve`,
    headers: auth(moderator),
  });
  t.equal(again.statusCode, 409, 'a decided item stays decided');
});

t.test('a submitter cannot set status or organization, and nothing is written', async (t) => {
  const before = await countGroups();
  const { res, body } = await post(
    trusted.auth,
    groupBody({ status: 'published', organization_id: fresh.organizationId }),
  );
  t.equal(res.statusCode, 400);
  t.equal(body.code, 'read_only_field');
  t.same(body.invalid_params.map((p: { name: string }) => p.name).sort(), ['organization_id', 'status']);
  t.equal(await countGroups(), before);
});

t.test(
  'an external_id another group of the organization has is refused (409), and nothing is written',
  async (t) => {
    const first = await post(trusted.auth, groupBody({ name: 'Harbor Feed Circle', external_id: 'feed-7' }));
    t.equal(first.res.statusCode, 201, first.res.body);
    const before = await countGroups();
    const again = await post(
      trusted.auth,
      groupBody({ name: 'Harbor Feed Circle Again', external_id: 'feed-7' }),
    );
    t.equal(again.res.statusCode, 409, again.res.body);
    t.equal(again.body.code, 'invalid_state');
    t.same(
      again.body.invalid_params.map((p: { name: string }) => p.name),
      ['external_id'],
    );
    t.equal(await countGroups(), before);

    const other = (
      await post(trusted.auth, groupBody({ name: 'Harbor Other Circle', external_id: 'feed-8' }))
    ).body.data;
    const patch = await app.inject({
      method: 'PATCH',
      url: `/v1/groups/${other.id}`,
      headers: { ...trusted.auth, 'if-match': '"1"' },
      payload: { external_id: 'feed-7' },
    });
    t.equal(patch.statusCode, 409, patch.body);
    t.same(
      patch.json().invalid_params.map((p: { name: string }) => p.name),
      ['external_id'],
    );
    const kept = await app.inject({
      method: 'PATCH',
      url: `/v1/groups/${other.id}`,
      headers: { ...trusted.auth, 'if-match': '"1"' },
      payload: { external_id: 'feed-8', name: 'Harbor Other Circle 2' },
    });
    t.equal(kept.statusCode, 200, 'keeping its own external_id is fine');

    // Another organization may use the same external_id.
    const elsewhere = await post(
      fresh.auth,
      groupBody({ name: 'New Dawn Feed Circle', external_id: 'feed-7' }),
    );
    t.equal(elsewhere.res.statusCode, 201, elsewhere.res.body);
  },
);

t.test('approving a change whose external_id another group took since is refused (409)', async (t) => {
  const created = (await post(fresh.auth, groupBody({ name: 'New Dawn Panic Circle' }))).body.data;
  const queueItem = async (groupId: string) =>
    (await app.inject({ url: '/v1/moderation/queue', headers: auth(moderator) }))
      .json()
      .data.find((i: { group: { id: string } }) => i.group.id === groupId);
  const approve = async (groupId: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/moderation/queue/${(await queueItem(groupId)).id}/approve`,
      headers: auth(moderator),
    });
  t.equal((await approve(created.id)).statusCode, 200, 'published');
  const edit = await app.inject({
    method: 'PATCH',
    url: `/v1/groups/${created.id}`,
    headers: { ...fresh.auth, 'if-match': '"2"' },
    payload: { external_id: 'nd-panic' },
  });
  t.equal(edit.statusCode, 200, edit.body);
  t.equal(edit.json().data.moderation.pending.kind, 'update', 'waits for review');
  const taker = await post(fresh.auth, groupBody({ name: 'New Dawn Taker Circle', external_id: 'nd-panic' }));
  t.equal(taker.res.statusCode, 201, 'the id was free: the pending change does not hold it');

  const refused = await approve(created.id);
  t.equal(refused.statusCode, 409, refused.body);
  t.equal(refused.json().code, 'invalid_state');
  t.ok(await queueItem(created.id), 'the change stays in the queue, for a moderator to reject');
});

t.test('validation names every bad field', async (t) => {
  const { res, body } = await post(
    trusted.auth,
    groupBody({
      name: 'x',
      conditions: ['nope'],
      meetings: [{ day: 'someday', start_time: '25:00', duration_minutes: 90 }],
    }),
  );
  t.equal(res.statusCode, 400);
  const names = body.invalid_params.map((p: { name: string }) => p.name);
  t.ok(names.includes('name'), names.join());
  t.ok(names.includes('meetings.0.day'), names.join());
  t.ok(names.includes('meetings.0.start_time'), names.join());
  const semantic = await post(
    trusted.auth,
    groupBody({ conditions: ['nope', 'depression', 'also-nope'], attendance: 'hybrid' }),
  );
  t.equal(semantic.res.statusCode, 400);
  t.same(
    semantic.body.invalid_params.map((p: { name: string }) => p.name),
    ['conditions[0]', 'conditions[2]', 'online'],
  );
});

t.test("another organization's group is not found, whatever the operation", async (t) => {
  const mine = (await post(fresh.auth, groupBody({ name: 'New Dawn Private Draft' }))).body.data;
  const theirs = trusted.auth;
  t.equal((await app.inject({ url: `/v1/groups/${mine.id}`, headers: theirs })).statusCode, 404);
  const patch = await app.inject({
    method: 'PATCH',
    url: `/v1/groups/${mine.id}`,
    headers: { ...theirs, 'if-match': '"1"' },
    payload: { name: 'Taken over' },
  });
  t.equal(patch.statusCode, 404);
  const del = await app.inject({
    method: 'DELETE',
    url: `/v1/groups/${mine.id}`,
    headers: { ...theirs, 'if-match': '"1"' },
  });
  t.equal(del.statusCode, 404);
  t.equal((await app.inject({ url: `/v1/groups/${mine.id}/history`, headers: theirs })).statusCode, 404);
  const row = await db
    .selectFrom('groups')
    .select(['name', 'status', 'version'])
    .where('id', '=', mine.id)
    .executeTakeFirstOrThrow();
  t.same(
    row,
    { name: 'New Dawn Private Draft', status: 'pending_review', version: 1 },
    'the row is unchanged',
  );
});

t.test('ETags: If-Match is required, and a stale one is refused', async (t) => {
  const created = (await post(trusted.auth, groupBody({ name: 'Harbor ETag Circle' }))).body.data;
  const url = `/v1/groups/${created.id}`;
  const missing = await app.inject({
    method: 'PATCH',
    url,
    headers: trusted.auth,
    payload: { name: 'Harbor ETag Circle 2' },
  });
  t.equal(missing.statusCode, 428);
  t.equal(missing.json().code, 'precondition_required');
  const ok = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...trusted.auth, 'if-match': '"1"' },
    payload: { name: 'Harbor ETag Circle 2' },
  });
  t.equal(ok.statusCode, 200);
  t.equal(ok.headers.etag, '"2"');
  const stale = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...trusted.auth, 'if-match': '"1"' },
    payload: { name: 'Lost update' },
  });
  t.equal(stale.statusCode, 412);
  t.equal(stale.json().code, 'precondition_failed');
  t.equal((await app.inject({ url })).json().data.name, 'Harbor ETag Circle 2', 'no lost update');
  const archived = await app.inject({
    method: 'DELETE',
    url,
    headers: { ...trusted.auth, 'if-match': '"2"' },
  });
  t.equal(archived.statusCode, 200);
  t.equal(archived.json().data.status, 'archived');
  t.equal((await app.inject({ url })).statusCode, 404, 'archived groups leave the directory');
});

t.test('a replayed POST creates one group; the same key with another body is refused', async (t) => {
  const before = await countGroups();
  const headers = { ...trusted.auth, 'idempotency-key': 'create-harbor-replay-1' };
  const first = await post(headers, groupBody({ name: 'Harbor Replay Circle' }));
  const second = await post(headers, groupBody({ name: 'Harbor Replay Circle' }));
  t.equal(first.res.statusCode, 201);
  t.equal(second.res.statusCode, 201);
  t.equal(second.res.headers['idempotent-replayed'], 'true');
  t.same(second.body, first.body);
  t.equal(await countGroups(), before + 1);
  const other = await post(headers, groupBody({ name: 'Harbor Other Circle' }));
  t.equal(other.res.statusCode, 422);
  t.equal(other.body.code, 'idempotency_key_reused');
});

t.test('20 concurrent POSTs with one Idempotency-Key create exactly one group', async (t) => {
  const before = await countGroups();
  const headers = { ...trusted.auth, 'idempotency-key': 'concurrent-1' };
  const results = await Promise.all(
    Array.from({ length: 20 }, () => post(headers, groupBody({ name: 'Harbor Concurrent Circle' }))),
  );
  t.same([...new Set(results.map((r) => r.res.statusCode))], [201]);
  t.equal(new Set(results.map((r) => r.body.data.id)).size, 1);
  t.equal(await countGroups(), before + 1);
});

t.test('verify moves last_verified_at; history shows field-level diffs', async (t) => {
  const created = (await post(trusted.auth, groupBody({ name: 'Harbor History Circle' }))).body.data;
  const url = `/v1/groups/${created.id}`;
  await app.inject({
    method: 'PATCH',
    url,
    headers: { ...trusted.auth, 'if-match': '"1"' },
    payload: { cost: 'donation', meetings: [{ day: 'wed', start_time: '18:30', duration_minutes: 60 }] },
  });
  const verified = await app.inject({ method: 'POST', url: `${url}/verify`, headers: trusted.auth });
  t.equal(verified.statusCode, 200);
  t.ok(new Date(verified.json().data.last_verified_at) >= new Date(created.last_verified_at));
  const history = (await app.inject({ url: `${url}/history`, headers: trusted.auth })).json().data;
  t.same(
    history.map((h: { action: string }) => h.action),
    ['create', 'update', 'verify'],
  );
  t.same(history[1].changes.cost, { from: 'free', to: 'donation' });
  t.same(history[1].changes.meetings.to[0].day, 'wed');
  t.equal(history[1].key.prefix.startsWith('cir_sk_'), true);
  const asModerator = await app.inject({ url: `${url}/history`, headers: auth(moderator) });
  t.equal(asModerator.statusCode, 200, 'moderators read history too');
  t.equal((await app.inject({ url: `${url}/history` })).statusCode, 401, 'anonymous callers do not');
});

t.test('anyone can report a listing; reports are tightly rate-limited', async (t) => {
  const created = (await post(trusted.auth, groupBody({ name: 'Harbor Reported Circle' }))).body.data;
  const report = (i: number) =>
    app.inject({
      method: 'POST',
      url: `/v1/groups/${created.id}/reports`,
      remoteAddress: '198.51.100.23',
      payload: { field: 'schedule', problem: `It moved to Thursdays (${i})`, suggestion: 'thu 19:00' },
    });
  const first = await report(0);
  t.equal(first.statusCode, 201, first.body);
  const queue = (await app.inject({ url: '/v1/moderation/queue', headers: auth(moderator) })).json().data;
  t.ok(
    queue.some(
      (i: { type: string; group: { id: string } }) => i.type === 'report' && i.group.id === created.id,
    ),
  );
  let last = first;
  for (let i = 1; i <= 5; i++) last = await report(i);
  t.equal(last.statusCode, 429);
  t.equal(last.json().code, 'rate_limited');
  t.ok(Number(last.headers['retry-after']) > 0, 'Retry-After is set');
});

t.test('keys: malformed, unknown and revoked keys are refused; scopes are enforced', async (t) => {
  t.equal(
    (await app.inject({ url: '/v1/groups', headers: { authorization: 'Bearer nope' } })).statusCode,
    401,
  );
  t.equal(
    (await app.inject({ url: '/v1/groups', headers: { authorization: `Bearer cir_sk_${'x'.repeat(32)}` } }))
      .statusCode,
    401,
  );
  t.equal((await post({}, groupBody())).res.statusCode, 401, 'writes need a key');
  t.equal((await post(auth(moderator), groupBody())).res.statusCode, 403, 'a moderator key cannot submit');
  t.equal((await app.inject({ url: '/v1/moderation/queue', headers: trusted.auth })).statusCode, 403);
  const { key, record } = await app.keys.create({
    organizationId: trusted.organizationId,
    scopes: ['submit'],
    name: 'short-lived',
  });
  await app.keys.revoke(record.id);
  const revoked = await app.inject({ url: '/v1/groups', headers: auth(key) });
  t.equal(revoked.statusCode, 401);
  t.equal(revoked.json().code, 'invalid_key');
  t.notMatch(revoked.body, /cir_sk_/, 'the key is not echoed');
});

t.test('an admin can trust an organization; its next group publishes directly', async (t) => {
  const admin = auth(await adminKey(app));
  const later = await submitter(app, db, 'Late Bloom Collective', false);
  const refused = await app.inject({
    method: 'PATCH',
    url: `/v1/organizations/${later.organizationId}`,
    headers: later.auth,
    payload: { trust_level: 'trusted' },
  });
  t.equal(refused.statusCode, 403, 'an organization cannot trust itself');
  const res = await app.inject({
    method: 'PATCH',
    url: `/v1/organizations/${later.organizationId}`,
    headers: admin,
    payload: { trust_level: 'trusted' },
  });
  t.equal(res.statusCode, 200, res.body);
  const { body } = await post(later.auth, groupBody({ name: 'Late Bloom Circle' }));
  t.equal(body.data.status, 'published');
});
