// Runs the authorization matrix (authz-matrix.ts) through REST and GraphQL, by every path that can
// reach a group, and lists every cell where the answer differs from the documented rule. After each
// write that should be refused, the group's row, meetings and submissions must be exactly as before.
// Every read response is also scanned: a group a role may not see, and the pending (not yet approved)
// content of a group the role does not own or moderate, must not appear in it at all.
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { insertGroups } from '../../src/modules/groups/groups.repository.js';
import { insertRevision } from '../../src/modules/moderation/moderation.repository.js';
import { buildTestApp } from '../helper.js';
import { addOrganization, fixtureInput } from '../support/fixtures.js';
import { adminKey, auth, groupBody, moderatorKey, submitter } from '../support/keys.js';
import { countRows } from '../support/rows.js';
import {
  EXPECTED,
  expectedFor,
  expectedOther,
  GROUP_OPS,
  type GroupOp,
  ORGS,
  type Org,
  OTHER_OPS,
  type OtherOp,
  type Outcome,
  ROLES,
  type Role,
  STATES,
  type State,
} from './authz-matrix.js';

// About 2,250 cells: a few seconds on an idle machine, much longer while the whole suite runs on
// two cores; give the file room beyond tap's 120 s default rather than cut the matrix.
t.setTimeout(300_000);
const { app, db } = await buildTestApp(t, { env: { CIRCLES_RATE_LIMIT: '1000000' } });

const orgs = {
  A: await submitter(app, db, 'Matrix Org A', false),
  B: await submitter(app, db, 'Matrix Org B', true),
};
const thirdOrganization = await addOrganization(db, 'Matrix Org C');
const revoked = await app.keys.create({
  organizationId: orgs.A.organizationId,
  scopes: ['submit'],
  name: 'old',
});
await app.keys.revoke(revoked.record.id);

const HEADERS: Record<Role, Record<string, string>> = {
  anonymous: {},
  orgA: orgs.A.auth,
  orgB: orgs.B.auth,
  moderator: auth(await moderatorKey(app)),
  admin: auth(await adminKey(app)),
  revoked: auth(revoked.key),
  malformed: { authorization: 'Bearer not-a-circles-key' },
};

const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');

interface MatrixGroup {
  org: Org;
  state: State;
  id: string;
  slug: string;
  /** A unique word in the live name (searchable), and in the contact email. */
  token: string;
  email: string;
  phone: string;
  externalId: string;
  /** A unique word only in the pending submission of an `edit` group. */
  pendingToken: string;
  /** The group's submission (pending, or rejected for `rejected`), as a queue item id. */
  itemId: string | null;
}

const DB_STATUS = {
  draft: 'draft',
  pending: 'pending_review',
  published: 'published',
  edit: 'published',
  rejected: 'rejected',
  archived: 'archived',
} as const;

let phones = 0;
async function makeGroup(org: Org, state: State): Promise<MatrixGroup> {
  const token = `zq${letters(10)}`;
  const pendingToken = `zp${letters(10)}`;
  const email = `c.${token}@example.org`;
  const phone = `+1 212 555 ${String(1000 + ++phones).slice(-4)}`;
  const input = fixtureInput({
    name: `Matrix ${state} circle ${token}`,
    description: 'A group of the authorization matrix.',
    conditions: ['depression'],
    external_id: `ext-${token}`,
    contact: { name: 'Sam', email, phone },
  });
  const [id] = await insertGroups(db, [
    {
      organizationId: orgs[org].organizationId,
      slug: `matrix-${token}`,
      status: DB_STATUS[state],
      input,
    },
  ]);
  let itemId: string | null = null;
  if (state === 'pending' || state === 'rejected') {
    itemId = await insertRevision(db, { groupId: id!, kind: 'create', data: input, keyId: null });
  }
  if (state === 'rejected') {
    await db
      .updateTable('group_revisions')
      .set({ status: 'rejected', reason: 'Needs a room number', decided_at: new Date() })
      .where('id', '=', itemId)
      .execute();
  }
  if (state === 'edit') {
    const data = { ...input, name: `Matrix edited circle ${pendingToken}` };
    itemId = await insertRevision(db, { groupId: id!, kind: 'update', data, keyId: null });
  }
  return {
    org,
    state,
    id: id!,
    slug: `matrix-${token}`,
    token,
    email,
    phone,
    externalId: `ext-${token}`,
    pendingToken,
    itemId,
  };
}

/** Row, meetings and submissions of a group: what a refused write must leave exactly as it was. */
async function snapshot(id: string): Promise<string> {
  const [row, meetings, revisions] = await Promise.all([
    db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst(),
    db.selectFrom('meetings').selectAll().where('group_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('group_revisions')
      .selectAll()
      .where('group_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return JSON.stringify({ row, meetings, revisions });
}

const shared = new Map<string, MatrixGroup>();
for (const org of ORGS)
  for (const state of STATES) shared.set(`${org}:${state}`, await makeGroup(org, state));
const sharedGroups = [...shared.values()];

// ---------------------------------------------------------------------------------------------
// Outcomes and mismatches

interface Got {
  status: number;
  code: string;
  ok: boolean;
}

const mismatches: string[] = [];
let checked = 0;

function restGot(res: LightMyRequestResponse): Got {
  if (res.statusCode < 300) return { status: res.statusCode, code: 'ok', ok: true };
  let code = '(not problem+json)';
  try {
    code = res.json().code ?? code;
  } catch {}
  return { status: res.statusCode, code, ok: false };
}

/** A 200 list that does not hold the group: "not found" there. */
const absent = (status: number): Got => ({
  status: status === 200 ? 404 : status,
  code: 'not_found',
  ok: false,
});

function graphqlGot(res: LightMyRequestResponse): Got {
  const body = res.json();
  if (body.code) return { status: res.statusCode, code: body.code, ok: false }; // a problem (401 before GraphQL)
  const code = body.errors?.[0]?.extensions?.code;
  if (code) return { status: EXPECTED[codeToOutcome(code)]?.status ?? res.statusCode, code, ok: false };
  return { status: res.statusCode, code: 'ok', ok: true };
}

function codeToOutcome(code: string): Exclude<Outcome, 'ok' | '-'> {
  const found = Object.entries(EXPECTED).find(([, v]) => v.code === code);
  return (found?.[0] ?? '404') as Exclude<Outcome, 'ok' | '-'>;
}

function check(cell: string, expected: Outcome, got: Got) {
  checked++;
  const fine =
    expected === 'ok' ? got.ok : !got.ok && EXPECTED[expected as keyof typeof EXPECTED].code === got.code;
  const statusFine = expected === 'ok' || EXPECTED[expected as keyof typeof EXPECTED].status === got.status;
  if (!fine || !statusFine) mismatches.push(`${cell}: expected ${expected}, got ${got.status} ${got.code}`);
}

const label = (g: MatrixGroup) => `${g.org}:${g.state}`;

/** What a role must never see in a response: hidden groups, and others' pending submissions. */
function leaks(cell: string, role: Role, body: string, asked?: MatrixGroup) {
  for (const g of sharedGroups) {
    const visible = expectedFor('read', role, g.org, g.state) === 'ok';
    const privileged = expectedFor('history', role, g.org, g.state) === 'ok';
    // A problem's `instance` repeats the path the client asked for (with its slug): not a leak.
    const shown = (g !== asked && body.includes(g.token)) || body.includes(g.email) || body.includes(g.phone);
    if (!visible && shown) mismatches.push(`${cell}: response shows hidden group ${label(g)}`);
    if (!privileged && body.includes(g.pendingToken))
      mismatches.push(`${cell}: response shows the pending submission of ${label(g)}`);
  }
}

async function rest(
  role: Role,
  url: string,
  init: { method?: string; headers?: object; payload?: unknown } = {},
) {
  return app.inject({
    method: (init.method ?? 'GET') as 'GET',
    url,
    headers: { ...HEADERS[role], ...(init.headers as Record<string, string>) },
    ...(init.payload !== undefined ? { payload: init.payload as string } : {}),
  });
}

async function gql(role: Role, query: string, variables: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: '/graphql',
    headers: HEADERS[role],
    payload: { query, variables },
  });
}

/** One GraphQL document reaching every shared group by id and by slug (aliases g0i, g0s, ...). */
function groupsDocument(): string {
  const fields = 'id name contact { email phone }';
  const args = sharedGroups.map((_, i) => `$i${i}: ID, $s${i}: String`).join(', ');
  const body = sharedGroups
    .map((_, i) => `g${i}i: group(id: $i${i}) { ${fields} } g${i}s: group(slug: $s${i}) { ${fields} }`)
    .join('\n');
  return `query (${args}) {\n${body}\n}`;
}
const groupsVariables = () =>
  Object.fromEntries(
    sharedGroups.flatMap((g, i) => [
      [`i${i}`, g.id],
      [`s${i}`, g.slug],
    ]),
  );

/** Every listing path through GraphQL, in one document. */
const LISTINGS = `query ($q: GroupFilter, $a: GroupFilter, $b: GroupFilter, $oa: ID!, $ob: ID!) {
  search: groups(filter: $q, first: 100) { nodes { id name } }
  byOrgA: groups(filter: $a, first: 100) { nodes { id name } }
  byOrgB: groups(filter: $b, first: 100) { nodes { id name } }
  orgA: organization(id: $oa) { groups(first: 100) { id name } }
  orgB: organization(id: $ob) { groups(first: 100) { id name } }
  all: organizations(first: 5) { nodes { id groups(first: 50) { id name } } }
}`;

// ---------------------------------------------------------------------------------------------

t.test('reads: by id, by slug, contacts, calendar, history, and every listing', async (t) => {
  // Roles one after the other, groups concurrently: enough parallel requests to be quick without
  // queueing past the pool's connection timeout on a busy machine.
  for (const role of ROLES) {
    await (async () => {
      const exp = (op: GroupOp, g: MatrixGroup) => expectedFor(op, role, g.org, g.state);
      const cell = (via: string, op: GroupOp, g: MatrixGroup) => `${via} ${role} ${op} ${label(g)}`;

      // REST, one group at a time.
      await Promise.all(
        sharedGroups.map(async (g) => {
          for (const [via, path] of [
            ['REST GET /v1/groups/{id}', g.id],
            ['REST GET /v1/groups/{slug}', g.slug],
          ] as const) {
            const res = await rest(role, `/v1/groups/${path}`);
            const got = restGot(res);
            check(
              cell(via, 'read', g),
              exp('read', g),
              got.ok && res.json().data.id !== g.id ? absent(200) : got,
            );
            const contact = got.ok ? res.json().data.contact : null;
            const sees = got.ok && contact?.email === g.email && contact?.phone === g.phone;
            check(cell(via, 'contacts', g), exp('contacts', g), sees ? got : got.ok ? absent(200) : got);
            leaks(cell(via, 'read', g), role, res.body, g);
          }
          const calendar = await rest(role, `/v1/groups/${g.id}/calendar.ics`);
          check(cell('REST GET calendar.ics', 'calendar', g), exp('calendar', g), restGot(calendar));
          leaks(cell('REST GET calendar.ics', 'calendar', g), role, calendar.body, g);
          const history = await rest(role, `/v1/groups/${g.id}/history`);
          check(cell('REST GET history', 'history', g), exp('history', g), restGot(history));
        }),
      );

      // GraphQL group(id:) and group(slug:) for every group in one document: errors come per alias.
      const res = await gql(role, groupsDocument(), groupsVariables());
      const body = res.json();
      leaks(`GraphQL group(id:|slug:) ${role}`, role, res.body);
      sharedGroups.forEach((g, i) => {
        for (const [via, alias] of [
          ['GraphQL group(id:)', `g${i}i`],
          ['GraphQL group(slug:)', `g${i}s`],
        ] as const) {
          let got: Got;
          if (body.code) got = { status: res.statusCode, code: body.code, ok: false };
          else if (!body.data) {
            // The whole document was refused (an invalid key is a 401 before any field resolves).
            const code = body.errors?.[0]?.extensions?.code ?? JSON.stringify(body.errors);
            got = { status: res.statusCode, code, ok: false };
          } else {
            const error = body.errors?.find((e: { path?: string[] }) => e.path?.[0] === alias);
            const code: string | undefined = error?.extensions?.code;
            got = code
              ? { status: EXPECTED[codeToOutcome(code)]?.status ?? 0, code, ok: false }
              : { status: res.statusCode, code: 'ok', ok: true };
          }
          const group = got.ok ? body.data[alias] : null;
          check(cell(via, 'read', g), exp('read', g), got.ok && group?.id !== g.id ? absent(200) : got);
          const sees = got.ok && group?.contact?.email === g.email && group?.contact?.phone === g.phone;
          check(cell(via, 'contacts', g), exp('contacts', g), sees ? got : got.ok ? absent(200) : got);
        }
      });

      // Listings: a group is "ok" when it is among the results, "404" when a 200 leaves it out.
      const ids = (list: { id: string }[] | undefined) => new Set((list ?? []).map((x) => x.id));
      const [search, byOrgA, byOrgB, feedA, feedB, graph] = await Promise.all([
        rest(role, '/v1/groups?q=matrix&limit=100'),
        rest(role, `/v1/groups?organization=${orgs.A.organizationId}&limit=100`),
        rest(role, `/v1/groups?organization=${orgs.B.organizationId}&limit=100`),
        rest(role, `/v1/feeds/meeting-guide.json?organization=${orgs.A.organizationId}`),
        rest(role, `/v1/feeds/meeting-guide.json?organization=${orgs.B.organizationId}`),
        gql(role, LISTINGS, {
          q: { q: 'matrix' },
          a: { organization: orgs.A.organizationId },
          b: { organization: orgs.B.organizationId },
          oa: orgs.A.organizationId,
          ob: orgs.B.organizationId,
        }),
      ]);
      for (const res of [search, byOrgA, byOrgB, feedA, feedB, graph])
        leaks(`${role} listings`, role, res.body);
      const data = graph.statusCode === 200 ? graph.json().data : null;
      for (const g of sharedGroups) {
        const inFeed = (res: LightMyRequestResponse) =>
          res.json().some((e: { name: string }) => e.name.includes(g.token));
        const listings: [string, LightMyRequestResponse, () => boolean][] = [
          ['REST GET /v1/groups?q=', search, () => ids(search.json().data).has(g.id)],
          [
            'REST GET /v1/groups?organization=',
            g.org === 'A' ? byOrgA : byOrgB,
            () => ids((g.org === 'A' ? byOrgA : byOrgB).json().data).has(g.id),
          ],
          [
            'REST GET meeting-guide.json?organization=',
            g.org === 'A' ? feedA : feedB,
            () => inFeed(g.org === 'A' ? feedA : feedB),
          ],
          ['GraphQL groups(filter: {q})', graph, () => ids(data?.search?.nodes).has(g.id)],
          [
            'GraphQL groups(filter: {organization})',
            graph,
            () => ids(data?.[g.org === 'A' ? 'byOrgA' : 'byOrgB']?.nodes).has(g.id),
          ],
          [
            'GraphQL organization { groups }',
            graph,
            () => ids(data?.[g.org === 'A' ? 'orgA' : 'orgB']?.groups).has(g.id),
          ],
          [
            'GraphQL organizations { groups }',
            graph,
            () => (data?.all?.nodes ?? []).some((o: { groups: { id: string }[] }) => ids(o.groups).has(g.id)),
          ],
        ];
        for (const [via, res, holds] of listings) {
          const got = via.startsWith('GraphQL') ? graphqlGot(res) : restGot(res);
          check(
            cell(via, 'list', g),
            exp('list', g),
            got.ok ? (holds() ? got : absent(res.statusCode)) : got,
          );
        }
      }
    })();
  }
  t.ok(checked > 1000, `${checked} read cells checked`);
});

// ---------------------------------------------------------------------------------------------
// Writes on groups. A cell expected to succeed gets a fresh group (it will change); refused cells
// share one group per org and state, which must not change at all.

/** The shared groups as made: a change means a refused write went through. */
const pristine = new Map<string, string>();

async function groupFor(org: Org, state: State, fresh: boolean): Promise<MatrixGroup> {
  return fresh ? makeGroup(org, state) : shared.get(`${org}:${state}`)!;
}

async function currentVersion(id: string): Promise<number> {
  const row = await db.selectFrom('groups').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return row.version;
}

function importCsv(externalId: string, name: string): string {
  return [
    'external_id,name,description,conditions,attendance,facilitation,access,cost,languages,locality,region,country,lat,lng,day,start_time,duration_minutes',
    `${externalId},${name},An imported circle,depression,in_person,peer_led,open,free,en,New York,NY,US,40.75,-73.99,wed,18:30,90`,
  ].join('\n');
}

type Write = (role: Role, g: MatrixGroup) => Promise<Got>;

const WRITES: Partial<Record<GroupOp, [string, Write][]>> = {
  update: [
    [
      'REST PATCH /v1/groups/{id}',
      async (role, g) =>
        restGot(
          await rest(role, `/v1/groups/${g.id}`, {
            method: 'PATCH',
            headers: { 'if-match': `"${await currentVersion(g.id)}"` },
            payload: { name: `Matrix renamed circle ${letters(8)}` },
          }),
        ),
    ],
    [
      'GraphQL updateGroup',
      async (role, g) =>
        graphqlGot(
          await gql(
            role,
            'mutation ($id: ID!, $v: Int!, $input: GroupInput!) { updateGroup(id: $id, ifMatch: $v, input: $input) { id } }',
            {
              id: g.id,
              v: await currentVersion(g.id),
              input: { name: `Matrix renamed circle ${letters(8)}` },
            },
          ),
        ),
    ],
  ],
  delete: [
    [
      'REST DELETE /v1/groups/{id}',
      async (role, g) =>
        restGot(
          await rest(role, `/v1/groups/${g.id}`, {
            method: 'DELETE',
            headers: { 'if-match': `"${await currentVersion(g.id)}"` },
          }),
        ),
    ],
    [
      'GraphQL archiveGroup',
      async (role, g) =>
        graphqlGot(
          await gql(role, 'mutation ($id: ID!, $v: Int!) { archiveGroup(id: $id, ifMatch: $v) { id } }', {
            id: g.id,
            v: await currentVersion(g.id),
          }),
        ),
    ],
  ],
  verify: [
    [
      'REST POST /v1/groups/{id}/verify',
      async (role, g) => restGot(await rest(role, `/v1/groups/${g.id}/verify`, { method: 'POST' })),
    ],
    [
      'GraphQL verifyGroup',
      async (role, g) =>
        graphqlGot(await gql(role, 'mutation ($id: ID!) { verifyGroup(id: $id) { id } }', { id: g.id })),
    ],
  ],
  approve: [
    [
      'REST POST queue/{item}/approve',
      async (role, g) =>
        restGot(await rest(role, `/v1/moderation/queue/${g.itemId}/approve`, { method: 'POST' })),
    ],
    [
      'GraphQL approve',
      async (role, g) =>
        graphqlGot(
          await gql(role, 'mutation ($id: ID!) { approve(itemId: $id) { status } }', { id: g.itemId }),
        ),
    ],
  ],
  reject: [
    [
      'REST POST queue/{item}/reject',
      async (role, g) =>
        restGot(
          await rest(role, `/v1/moderation/queue/${g.itemId}/reject`, {
            method: 'POST',
            payload: { reason: 'Please name the meeting room.' },
          }),
        ),
    ],
    [
      'GraphQL reject',
      async (role, g) =>
        graphqlGot(
          await gql(
            role,
            'mutation ($id: ID!) { reject(itemId: $id, reason: "Please name the room.") { status } }',
            {
              id: g.itemId,
            },
          ),
        ),
    ],
  ],
  import: [
    [
      'REST POST /v1/imports (row with its external id)',
      async (role, g) => {
        const res = await rest(role, '/v1/imports?conditions=depression', {
          method: 'POST',
          headers: { 'content-type': 'text/csv', prefer: 'wait=30' },
          payload: importCsv(g.externalId, `Matrix imported circle ${letters(8)}`),
        });
        const got = restGot(res);
        if (!got.ok) return got;
        const row = res.json().data.results?.[0];
        // The import answers 200 and reports each row: a row refused because its group is archived
        // is the matrix's 409 invalid_state, as PATCH answers it.
        if (row?.result === 'invalid' && /archived/.test(row.errors?.[0]?.reason ?? ''))
          return { status: 409, code: 'invalid_state', ok: false };
        if (row?.result === 'invalid')
          return { status: 400, code: `invalid row ${JSON.stringify(row.errors)}`, ok: false };
        return row?.group_id === g.id ? got : absent(200);
      },
    ],
  ],
};

t.test('writes on groups: allowed where the rules say, and a refused write changes nothing', async (t) => {
  for (const [key, g] of shared) pristine.set(key, await snapshot(g.id));
  const before = checked;
  for (const [op, ways] of Object.entries(WRITES) as [GroupOp, [string, Write][]][]) {
    for (const role of ROLES) {
      // Cells of one operation and role run concurrently; those expected to succeed on fresh groups.
      const runs = ORGS.flatMap((org) =>
        STATES.flatMap((state) => ways.map(([via, write]) => ({ org, state, via, write }))),
      );
      await Promise.all(
        runs.map(async ({ org, state, via, write }) => {
          const expected = expectedFor(op, role, org, state);
          if (expected === '-') return;
          const g = await groupFor(org, state, expected === 'ok');
          const cell = `${via} ${role} ${op} ${label(g)}`;
          const rowBefore = await snapshot(g.id);
          check(cell, expected, await write(role, g));
          const rowAfter = await snapshot(g.id);
          const noOp = op === 'delete' && state === 'archived';
          if (expected !== 'ok' && rowAfter !== rowBefore) {
            mismatches.push(`${cell}: refused, but the row changed`);
          }
          if (expected === 'ok' && !noOp && rowAfter === rowBefore) {
            mismatches.push(`${cell}: allowed, but nothing changed`);
          }
        }),
      );
      // A refused write that changed a shared group spoils it for the next cells: replace it.
      for (const [key, g] of shared) {
        if ((await snapshot(g.id)) !== pristine.get(key)) {
          shared.set(key, await makeGroup(g.org, g.state));
          pristine.set(key, await snapshot(shared.get(key)!.id));
        }
      }
    }
  }
  t.ok(checked - before > 500, `${checked - before} write cells checked`);
});

// ---------------------------------------------------------------------------------------------
// Operations on no particular group.

const count = (table: 'groups' | 'organizations' | 'api_keys' | 'imports') => countRows(db, table);

const importByA = await app.inject({
  method: 'POST',
  url: '/v1/imports?conditions=depression',
  headers: { ...orgs.A.auth, 'content-type': 'text/csv', prefer: 'wait=30' },
  payload: importCsv(`ext-a-${letters(6)}`, 'Matrix imported by A'),
});

const OTHER: Record<OtherOp, [string, (role: Role) => Promise<Got>, () => Promise<unknown>][]> = {
  create: [
    [
      'REST POST /v1/groups',
      async (role) =>
        restGot(
          await rest(role, '/v1/groups', {
            method: 'POST',
            payload: groupBody({ name: `Matrix new ${letters(6)}` }),
          }),
        ),
      () => count('groups'),
    ],
    [
      'GraphQL createGroup',
      async (role) => {
        const input = {
          name: `Matrix new ${letters(6)}`,
          conditions: ['depression'],
          attendance: 'ONLINE',
          facilitation: 'PEER_LED',
          access: 'OPEN',
          cost: 'FREE',
          languages: ['en'],
          timezone: 'America/New_York',
          online: { url: 'https://meet.example.org/matrix' },
          meetings: [{ day: 'TUE', startTime: '19:00', durationMinutes: 90 }],
        };
        return graphqlGot(
          await gql(role, 'mutation ($input: GroupInput!) { createGroup(input: $input) { id } }', { input }),
        );
      },
      () => count('groups'),
    ],
  ],
  import_new: [
    [
      'REST POST /v1/imports (new row)',
      async (role) =>
        restGot(
          await rest(role, '/v1/imports?conditions=depression', {
            method: 'POST',
            headers: { 'content-type': 'text/csv', prefer: 'wait=30' },
            payload: importCsv(`ext-new-${letters(6)}`, `Matrix imported ${letters(6)}`),
          }),
        ),
      async () => [await count('imports'), await count('groups')],
    ],
  ],
  import_status: [
    [
      "REST GET /v1/imports/{A's import}",
      async (role) => restGot(await rest(role, `/v1/imports/${importByA.json().data.id}`)),
      async () => null,
    ],
  ],
  queue: [
    [
      'REST GET /v1/moderation/queue',
      async (role) => restGot(await rest(role, '/v1/moderation/queue')),
      async () => null,
    ],
  ],
  org_keys: [
    [
      'REST GET /v1/organizations/{A}/keys',
      async (role) => restGot(await rest(role, `/v1/organizations/${orgs.A.organizationId}/keys`)),
      async () => null,
    ],
  ],
  create_org: [
    [
      'REST POST /v1/organizations',
      async (role) =>
        restGot(
          await rest(role, '/v1/organizations', {
            method: 'POST',
            payload: { name: `Matrix Org ${letters(6)}` },
          }),
        ),
      () => count('organizations'),
    ],
  ],
  trust_org: [
    [
      'REST PATCH /v1/organizations/{C}',
      async (role) =>
        restGot(
          await rest(role, `/v1/organizations/${thirdOrganization}`, {
            method: 'PATCH',
            payload: { trust_level: 'trusted' },
          }),
        ),
      async () =>
        db.selectFrom('organizations').selectAll().where('id', '=', thirdOrganization).executeTakeFirst(),
    ],
  ],
  create_key: [
    [
      'REST POST /v1/keys',
      async (role) =>
        restGot(
          await rest(role, '/v1/keys', { method: 'POST', payload: { name: 'matrix', scopes: ['moderate'] } }),
        ),
      () => count('api_keys'),
    ],
  ],
};

t.test('operations on no particular group: create, import, queue, keys, organizations', async (t) => {
  t.equal(importByA.statusCode, 200, importByA.body);
  const before = checked;
  for (const op of OTHER_OPS) {
    for (const role of ROLES) {
      const expected = expectedOther(op, role);
      for (const [via, run, state] of OTHER[op]) {
        const cell = `${via} ${role} ${op}`;
        const stateBefore = JSON.stringify(await state());
        check(cell, expected, await run(role));
        if (expected !== 'ok' && JSON.stringify(await state()) !== stateBefore)
          mismatches.push(`${cell}: refused, but something was written`);
      }
    }
  }
  t.ok(checked - before >= 60, `${checked - before} cells checked`);
});

t.test('the whole matrix: every mismatch, listed', async (t) => {
  const covered = new Set<string>([
    'read',
    'contacts',
    'calendar',
    'list',
    'history',
    ...Object.keys(WRITES),
  ]);
  t.same(
    GROUP_OPS.filter((op) => !covered.has(op)),
    [],
    'every operation of the matrix is run',
  );
  t.same(mismatches, [], `${mismatches.length} of ${checked} cells differ from authz-matrix.ts`);
});
