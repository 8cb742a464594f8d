// The write side through GraphQL: the same rules as REST (ownership, review, If-Match, replay).
import t from 'tap';
import { buildTestApp } from '../helper.js';
import { auth, moderatorKey, submitter } from '../support/keys.js';

const { app, db } = await buildTestApp(t);
const trusted = await submitter(app, db, 'Harbor Peer Network', true);
const fresh = await submitter(app, db, 'New Dawn Collective', false);
const moderator = auth(await moderatorKey(app));

async function gql(headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });
  return res.json() as {
    // biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field below
    data: Record<string, any> | null;
    errors?: { message: string; extensions: { code: string } }[];
  };
}

const input = (name: string) => ({
  name,
  conditions: ['depression'],
  attendance: 'IN_PERSON',
  facilitation: 'PEER_LED',
  access: 'OPEN',
  cost: 'FREE',
  languages: ['en'],
  location: {
    locality: 'New York',
    region: 'NY',
    postalCode: '10001',
    country: 'US',
    lat: 40.75,
    lng: -73.99,
  },
  meetings: [{ day: 'TUE', startTime: '19:00', durationMinutes: 90 }],
});
const CREATE = `mutation ($input: GroupInput!, $key: String) {
  createGroup(input: $input, idempotencyKey: $key) { id name status version moderation { pending { kind } } } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: GroupInput!) {
  updateGroup(id: $id, ifMatch: $v, input: $input) { id name status version moderation { pending { kind changes } } } }`;
const GROUP = `query ($id: ID!) { group(id: $id) { name status moderation { lastRejection { reason } } } }`;
const QUEUE = async (groupId: string) =>
  (await app.inject({ url: '/v1/moderation/queue', headers: moderator }))
    .json()
    .data.find((i: { group: { id: string } }) => i.group.id === groupId);

t.test('a trusted organization creates a published group', async (t) => {
  const { data, errors } = await gql(trusted.auth, CREATE, { input: input('Harbor GraphQL Circle') });
  t.notOk(errors, JSON.stringify(errors));
  t.match(data!.createGroup, {
    name: 'Harbor GraphQL Circle',
    status: 'PUBLISHED',
    version: 1,
    moderation: { pending: null },
  });
});

t.test('status is not an input field; a missing key is refused', async (t) => {
  const smuggled = await gql(
    trusted.auth,
    `mutation { createGroup(input: { name: "X", status: PUBLISHED }) { id } }`,
  );
  t.equal(smuggled.errors![0]!.extensions.code, 'invalid_query');
  const anonymous = await gql({}, CREATE, { input: input('Nobody Circle') });
  t.equal(anonymous.errors![0]!.extensions.code, 'authentication_required');
  const invalid = await gql(trusted.auth, CREATE, { input: { ...input('x'), conditions: ['nope'] } });
  t.equal(invalid.errors![0]!.extensions.code, 'invalid_parameter');
});

t.test("another organization's group is not found; a stale ifMatch is refused", async (t) => {
  const mine = (await gql(fresh.auth, CREATE, { input: input('New Dawn GraphQL Draft') })).data!.createGroup;
  t.equal(mine.status, 'PENDING_REVIEW');
  const peek = await gql(trusted.auth, GROUP, { id: mine.id });
  t.equal(peek.errors![0]!.extensions.code, 'not_found');
  const takeover = await gql(trusted.auth, UPDATE, { id: mine.id, v: 1, input: { name: 'Taken over' } });
  t.equal(takeover.errors![0]!.extensions.code, 'not_found');
  const own = (await gql(trusted.auth, CREATE, { input: input('Harbor Versioned Circle') })).data!
    .createGroup;
  const first = await gql(trusted.auth, UPDATE, {
    id: own.id,
    v: 1,
    input: { name: 'Harbor Versioned Circle 2' },
  });
  t.equal(first.data!.updateGroup.version, 2);
  const stale = await gql(trusted.auth, UPDATE, { id: own.id, v: 1, input: { name: 'Lost update' } });
  t.equal(stale.errors![0]!.extensions.code, 'precondition_failed');
  const row = await db
    .selectFrom('groups')
    .select('name')
    .where('id', '=', mine.id)
    .executeTakeFirstOrThrow();
  t.equal(row.name, 'New Dawn GraphQL Draft', 'the refused write changed nothing');
});

t.test('a replayed createGroup creates one group', async (t) => {
  const a = await gql(trusted.auth, CREATE, { input: input('Harbor Replay GQL'), key: 'gql-replay-1' });
  const b = await gql(trusted.auth, CREATE, { input: input('Harbor Replay GQL'), key: 'gql-replay-1' });
  t.equal(a.data!.createGroup.id, b.data!.createGroup.id);
  const n = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('name', '=', 'Harbor Replay GQL')
    .executeTakeFirstOrThrow();
  t.equal(Number(n.n), 1);
  const other = await gql(trusted.auth, CREATE, { input: input('Harbor Other GQL'), key: 'gql-replay-1' });
  t.equal(other.errors![0]!.extensions.code, 'idempotency_key_reused');
});

t.test('review through GraphQL: rejection reason, and edits wait until approved', async (t) => {
  const draft = (await gql(fresh.auth, CREATE, { input: input('New Dawn Rejected GQL') })).data!.createGroup;
  const item = await QUEUE(draft.id);
  const rejected = await gql(
    moderator,
    'mutation ($id: ID!) { reject(itemId: $id, reason: "Add the room number") { status } }',
    { id: item.id },
  );
  t.equal(rejected.data!.reject.status, 'rejected');
  const seen = await gql(fresh.auth, GROUP, { id: draft.id });
  t.match(seen.data!.group, {
    status: 'REJECTED',
    moderation: { lastRejection: { reason: 'Add the room number' } },
  });

  const live = (await gql(fresh.auth, CREATE, { input: input('New Dawn Live GQL') })).data!.createGroup;
  await gql(moderator, 'mutation ($id: ID!) { approve(itemId: $id) { status } }', {
    id: (await QUEUE(live.id)).id,
  });
  const edit = await gql(fresh.auth, UPDATE, {
    id: live.id,
    v: 2,
    input: { name: 'New Dawn Live GQL (renamed)' },
  });
  t.notOk(edit.errors, JSON.stringify(edit.errors));
  t.equal(edit.data!.updateGroup.moderation.pending.kind, 'update');
  const publicView = await gql({}, GROUP, { id: live.id });
  t.equal(publicView.data!.group.name, 'New Dawn Live GQL', 'the live version is unchanged');
  t.equal(publicView.data!.group.moderation, null, 'moderation state is for the owner only');
  await gql(moderator, 'mutation ($id: ID!) { approve(itemId: $id) { status } }', {
    id: (await QUEUE(live.id)).id,
  });
  t.equal((await gql({}, GROUP, { id: live.id })).data!.group.name, 'New Dawn Live GQL (renamed)');
});

t.test('reports share one tight budget across REST and GraphQL', async (t) => {
  const target = (await gql(trusted.auth, CREATE, { input: input('Harbor Reported GQL') })).data!.createGroup;
  const remoteAddress = '198.51.100.77';
  const rest = () =>
    app.inject({
      method: 'POST',
      url: `/v1/groups/${target.id}/reports`,
      remoteAddress,
      payload: { field: 'schedule', problem: 'Moved to Thursdays' },
    });
  const viaGraphql = () =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress,
      payload: {
        query:
          'mutation ($id: ID!) { reportGroup(id: $id, field: SCHEDULE, problem: "Moved to Thursdays") { id } }',
        variables: { id: target.id },
      },
    });
  const statuses: string[] = [];
  for (const send of [rest, viaGraphql, rest, viaGraphql, rest])
    statuses.push(String((await send()).statusCode));
  t.same(statuses, ['201', '200', '201', '200', '201'], 'five reports a minute, counted together');
  const sixth = (await viaGraphql()).json();
  t.equal(sixth.errors[0].extensions.code, 'rate_limited', 'the sixth, through GraphQL, is refused');
  const seventh = await rest();
  t.equal(seventh.statusCode, 429);
  t.ok(Number(seventh.headers['retry-after']) > 0);
});
