// A GraphQL search reads only the columns of the group fields it selects (the rest of each row is
// NULL). Every field of Group, selected alone, must come out exactly as in a query that selects
// everything, or the projection has dropped a column some field is made from.
import t from 'tap';
import { buildTestApp } from '../helper.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const { app } = await buildTestApp(t, { demo: true, clock: () => NOW });

// Each field of Group with the subfields to ask for (objects need a selection).
const FIELDS: Record<string, string> = {
  id: 'id',
  slug: 'slug',
  name: 'name',
  description: 'description',
  organization: 'organization { id slug name }',
  conditions: 'conditions { code }',
  affinities: 'affinities { code }',
  attendance: 'attendance',
  facilitation: 'facilitation',
  access: 'access',
  cost: 'cost',
  languages: 'languages',
  accessibility: 'accessibility { code }',
  ageRange: 'ageRange { min max }',
  location: 'location { street locality region postalCode country lat lng approximate }',
  online: 'online { url dialIn notes }',
  contact: 'contact { name email phone }',
  website: 'website',
  timezone: 'timezone',
  temporarilyClosed: 'temporarilyClosed',
  closedNote: 'closedNote',
  meetings: 'meetings { id day startTime timezone nextStart }',
  nextMeeting: 'nextMeeting',
  distanceKm: 'distanceKm',
  distanceMi: 'distanceMi',
  lastVerifiedAt: 'lastVerifiedAt',
  stale: 'stale',
  status: 'status',
  version: 'version',
  moderation: 'moderation { pending { id } }',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

async function nodes(args: string, selection: string): Promise<Record<string, unknown>[]> {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: `{ groups(${args}) { nodes { ${selection} } edges { node { id } } } }` },
  });
  const body = res.json();
  if (res.statusCode !== 200 || body.errors) throw new Error(res.body);
  return body.data.groups.nodes;
}

t.test('the test lists every field of Group', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: '{ __type(name: "Group") { fields { name } } }' },
  });
  const names = res.json().data.__type.fields.map((f: { name: string }) => f.name);
  t.same(names.sort(), Object.keys(FIELDS).sort(), 'a new Group field needs a line in FIELDS');
});

// Near a place (distances; approximate locations round to whole units) and without one.
for (const args of ['near: { place: "10001", radius: "100mi" }, first: 30', 'first: 30']) {
  t.test(`each field alone equals the full selection (${args})`, async (t) => {
    const full = await nodes(args, Object.values(FIELDS).join(' '));
    t.ok(full.length >= 20, 'enough groups to compare');
    for (const [field, selection] of Object.entries(FIELDS)) {
      const alone = await nodes(args, `id ${selection}`);
      t.same(
        alone.map((n) => [n.id, n[field]]),
        full.map((n) => [n.id, n[field]]),
        field,
      );
    }
  });
}

t.test('fields through a fragment and under edges count too', async (t) => {
  const query = `fragment F on Group { nextMeeting location { lat } }
    { groups(first: 5) { edges { node { ...F } } nodes { id } } }`;
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query } });
  const edges = res.json().data.groups.edges;
  t.ok(
    edges.some((e: { node: { nextMeeting: string | null } }) => e.node.nextMeeting !== null),
    'next meetings were computed for the fragment under edges',
  );
  t.ok(
    edges.some((e: { node: { location: { lat: number } | null } }) => e.node.location?.lat !== undefined),
    'locations were read for the fragment under edges',
  );
});
