// Races over real sockets and real PostgreSQL connections (a listening server, a pool of 10): one
// Idempotency-Key sent 20 times at once creates one group; two edits made from the same ETag at
// once give one 200 and one 412, and the row holds the winner's change, one version later.
// (test/modules/submissions holds the same idempotency race through inject; this one goes over
// HTTP, through GraphQL too, and checks the stored idempotency record.)
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildTestApp } from '../helper.js';
import { groupBody, submitter } from '../support/keys.js';

const { app, db } = await buildTestApp(t, {
  env: { CIRCLES_RATE_LIMIT: '1000000', CIRCLES_DB_POOL_SIZE: '10' },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const org = await submitter(app, db, 'Race Condition Collective', true);

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...org.auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field
  const json: any = await res.json();
  return { status: res.status, headers: res.headers, body: json };
}

const groupsNamed = async (name: string) =>
  db.selectFrom('groups').select(['id', 'version', 'name']).where('name', '=', name).execute();

t.test('20 concurrent POSTs with one Idempotency-Key create exactly one group', async (t) => {
  const name = 'Race Tuesday Circle';
  const key = 'race-create-1';
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      call('POST', '/v1/groups', { 'idempotency-key': key }, groupBody({ name })),
    ),
  );
  t.same(
    results.map((r) => r.status),
    Array(20).fill(201),
    'every caller is told it was created',
  );
  const ids = new Set(results.map((r) => r.body.data.id));
  t.equal(ids.size, 1, 'all responses agree on the id');
  t.equal(results.filter((r) => r.headers.get('idempotent-replayed') !== 'true').length, 1, 'one ran');
  const rows = await groupsNamed(name);
  t.equal(rows.length, 1, 'one row');
  t.equal(rows[0]!.id, [...ids][0]);
  const records = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).execute();
  t.equal(records.length, 1, 'one idempotency record');
  t.equal(records[0]!.status_code, 201, 'holding the first response');
});

t.test('20 concurrent createGroup mutations with one idempotencyKey create exactly one group', async (t) => {
  const name = 'Race Wednesday Circle';
  const input = {
    name,
    conditions: ['anxiety'],
    attendance: 'ONLINE',
    facilitation: 'PEER_LED',
    access: 'OPEN',
    cost: 'FREE',
    languages: ['en'],
    timezone: 'America/New_York',
    online: { url: 'https://meet.example.org/race' },
    meetings: [{ day: 'WED', startTime: '19:00', durationMinutes: 60 }],
  };
  const query =
    'mutation ($input: GroupInput!) { createGroup(input: $input, idempotencyKey: "race-gql-1") { id } }';
  const results = await Promise.all(
    Array.from({ length: 20 }, () => call('POST', '/graphql', {}, { query, variables: { input } })),
  );
  t.same(
    results.map((r) => r.body.errors ?? null),
    Array(20).fill(null),
    'no errors',
  );
  t.equal(new Set(results.map((r) => r.body.data.createGroup.id)).size, 1, 'all responses agree on the id');
  t.equal((await groupsNamed(name)).length, 1, 'one row');
});

t.test('50 trials: two PATCHes from the same ETag give one 200 and one 412, no lost update', async (t) => {
  const created = await call('POST', '/v1/groups', {}, groupBody({ name: 'Race Edit Circle' }));
  const id = created.body.data.id as string;
  const problems: string[] = [];
  for (let trial = 0; trial < 50; trial++) {
    const before = await db
      .selectFrom('groups')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const names = [`Race Edit Circle ${trial} left`, `Race Edit Circle ${trial} right`];
    // Odd trials race REST against GraphQL: both go through the same service and lock.
    const [left, right] = await Promise.all([
      call('PATCH', `/v1/groups/${id}`, { 'if-match': `"${before.version}"` }, { name: names[0] }),
      trial % 2 === 0
        ? call('PATCH', `/v1/groups/${id}`, { 'if-match': `"${before.version}"` }, { name: names[1] })
        : call(
            'POST',
            '/graphql',
            {},
            {
              query:
                'mutation ($id: ID!, $v: Int!, $name: String) { updateGroup(id: $id, ifMatch: $v, input: { name: $name }) { id } }',
              variables: { id, v: before.version, name: names[1] },
            },
          ),
    ]);
    const outcome = (r: typeof left) =>
      r.body.errors ? r.body.errors[0].extensions.code : r.status === 200 ? 'ok' : r.body.code;
    const outcomes = [outcome(left), outcome(right)];
    const winners = outcomes.flatMap((o, i) => (o === 'ok' ? [i] : []));
    if (winners.length !== 1 || !outcomes.includes('precondition_failed')) {
      problems.push(`trial ${trial}: ${outcomes.join(' / ')}`);
      continue;
    }
    const after = await db
      .selectFrom('groups')
      .select(['name', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (after.name !== names[winners[0]!]) problems.push(`trial ${trial}: row holds "${after.name}"`);
    if (after.version !== before.version + 1)
      problems.push(`trial ${trial}: version ${before.version} -> ${after.version}`);
  }
  t.same(problems, [], 'every trial: exactly one winner, its change kept, version + 1');
  const history = (await call('GET', `/v1/groups/${id}/history?limit=100`, {})).body.data;
  t.equal(
    history.filter((h: { action: string }) => h.action === 'update').length,
    50,
    'one audited update per trial',
  );
});
