// Privacy canaries. A search on this directory is health information, so what people search for,
// where they are, who they are (address, email, phone) and their keys must never reach the logs.
// A broad set of requests (searches, GraphQL with variables, writes with contact details, bad
// requests, errors, 404s, auth failures) carries unique canary values from a distinctive client
// address, every log line is captured at the most verbose level, and none may hold a canary (also
// URL-encoded), a query string on a search route, or the client's address.
//
// Then: a group whose location is approximate never shows its street or coordinates finer than
// about 1 km (0.01 degree) on any public surface: REST list and detail, GraphQL, the Meeting Guide
// feed, its calendar, HSDS, and the search index document.
import { Writable } from 'node:stream';
import t from 'tap';
import { documentLoader } from '../../src/search/index-documents.js';
import { buildTestApp } from '../helper.js';
import { auth, groupBody, submitter } from '../support/keys.js';

const lines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

const { app, db } = await buildTestApp(t, {
  logStream,
  env: { LOG_LEVEL: 'trace', CIRCLES_RATE_LIMIT: '100000' },
});
const org = await submitter(app, db, 'Canary Peer Network', true);

// Unique values, each of which would be a privacy leak if it reached a log line.
const CANARY = {
  term: 'quokkamelancholia',
  lat: '40.712345',
  lng: '-74.006789',
  email: 'canary.person.7731@example.net',
  phone: '+1 415 555 0199',
  key: `cir_sk_${'Canary0Key1'.repeat(3).slice(0, 32)}`,
  street: '77 Canary Wharf Lane',
  submitKey: org.key,
};
const CLIENT_IP = '203.0.113.77';
const FORWARDED_IP = '198.51.100.201';
const canaryForms = (value: string) => [
  ...new Set([
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    value.replace(/ /g, ''),
    JSON.stringify(value).slice(1, -1),
  ]),
];

const client = { remoteAddress: CLIENT_IP };
const headers = { 'x-forwarded-for': FORWARDED_IP };
const near = `${CANARY.lat},${CANARY.lng}`;
const contact = { name: 'Robin', email: CANARY.email, phone: CANARY.phone };

async function inject(options: {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  payload?: unknown;
}) {
  return app.inject({
    method: (options.method ?? 'GET') as 'GET',
    url: options.url,
    headers: { ...headers, ...options.headers },
    ...(options.payload !== undefined ? { payload: options.payload as string } : {}),
    ...client,
  });
}

const SEARCH = `query ($q: String, $near: String!, $condition: [String!]) {
  groups(filter: { q: $q, condition: $condition }, near: { place: $near, radius: "5km" }) { totalCount nodes { id } } }`;

t.test('no canary, query string or client address in any log line', async (t) => {
  const q = encodeURIComponent(CANARY.term);
  const n = encodeURIComponent(near);
  const statuses: Record<string, number> = {};
  const run = async (name: string, options: Parameters<typeof inject>[0]) => {
    statuses[name] = (await inject(options)).statusCode;
  };

  // Searches, plain and with every kind of mistake.
  await run('search', { url: `/v1/groups?q=${q}` });
  await run('search near', { url: `/v1/groups?q=${q}&near=${n}&radius=5km&facets=condition` });
  await run('search keyed', { url: `/v1/groups?q=${q}&near=${n}`, headers: auth(org.key) });
  await run('bad condition', { url: `/v1/groups?condition=${q}` });
  await run('unknown parameter', { url: `/v1/groups?${q}=${n}` });
  await run('bad limit', { url: `/v1/groups?q=${q}&limit=1000` });
  await run('bad cursor', { url: `/v1/groups?q=${q}&cursor=${q}` });
  await run('unknown place', { url: `/v1/groups?near=${q}` });
  await run('bad radius', { url: `/v1/groups?near=${n}&radius=${q}` });
  await run('feed', { url: `/v1/feeds/meeting-guide.json?q=${q}&near=${n}` });
  await run('no such route', { url: `/v1/nowhere?q=${q}&near=${n}` });
  await run('unknown group', { url: `/v1/groups/00000000-0000-4000-8000-000000000000?q=${q}` });
  // GraphQL, with variables, as GET with a query string, and refused.
  await run('graphql', {
    method: 'POST',
    url: '/graphql',
    payload: { query: SEARCH, variables: { q: CANARY.term, near } },
  });
  await run('graphql get', {
    url: `/graphql?query=${encodeURIComponent(SEARCH)}&variables=${encodeURIComponent(JSON.stringify({ q: CANARY.term, near }))}`,
  });
  await run('graphql bad argument', {
    method: 'POST',
    url: '/graphql',
    payload: { query: SEARCH, variables: { condition: [CANARY.term], near } },
  });
  await run('graphql syntax error', {
    method: 'POST',
    url: '/graphql',
    payload: { query: `{ groups(filter: { q: "${CANARY.term}" }) { nodes { id } }` },
  });
  await run('graphql wrong variable type', {
    method: 'POST',
    url: '/graphql',
    payload: { query: SEARCH, variables: { q: { term: CANARY.term, email: CANARY.email }, near } },
  });
  // Authentication failures with a canary key, in every place a key is looked for.
  await run('unknown key', { url: `/v1/groups?q=${q}`, headers: auth(CANARY.key) });
  await run('key without Bearer', { url: '/v1/groups', headers: { authorization: CANARY.key } });
  await run('x-api-key', { url: '/v1/groups', headers: { 'x-api-key': CANARY.key } });
  await run('unknown key write', {
    method: 'POST',
    url: '/v1/groups',
    headers: auth(CANARY.key),
    payload: groupBody({ contact }),
  });
  await run('unknown key graphql', {
    method: 'POST',
    url: '/graphql',
    headers: auth(CANARY.key),
    payload: { query: SEARCH, variables: { q: CANARY.term, near } },
  });
  // Writes carrying contact details and an address, accepted and refused.
  const location = {
    street: CANARY.street,
    locality: 'New York',
    region: 'NY',
    postal_code: '10001',
    country: 'US',
    lat: Number(CANARY.lat),
    lng: Number(CANARY.lng),
  };
  const created = await inject({
    method: 'POST',
    url: '/v1/groups',
    headers: { ...auth(org.key), 'idempotency-key': `canary-${CANARY.email}` },
    payload: groupBody({ name: `Canary ${CANARY.term} Circle`, contact, location }),
  });
  statuses.create = created.statusCode;
  const id = created.json().data.id as string;
  await run('create replayed', {
    method: 'POST',
    url: '/v1/groups',
    headers: { ...auth(org.key), 'idempotency-key': `canary-${CANARY.email}` },
    payload: groupBody({ name: `Canary ${CANARY.term} Circle`, contact, location }),
  });
  await run('create invalid', {
    method: 'POST',
    url: '/v1/groups',
    headers: auth(org.key),
    payload: groupBody({
      name: CANARY.term,
      contact: { ...contact, email: `${CANARY.email}@@` },
      lat: CANARY.lat,
    }),
  });
  await run('create not json', {
    method: 'POST',
    url: '/v1/groups',
    headers: { ...auth(org.key), 'content-type': 'application/json' },
    payload: `{"contact": {"email": "${CANARY.email}", "phone": "${CANARY.phone}"`,
  });
  await run('update', {
    method: 'PATCH',
    url: `/v1/groups/${id}`,
    headers: { ...auth(org.key), 'if-match': '"1"' },
    payload: { contact: { ...contact, name: 'Rob' } },
  });
  await run('update stale', {
    method: 'PATCH',
    url: `/v1/groups/${id}`,
    headers: { ...auth(org.key), 'if-match': '"1"' },
    payload: { contact },
  });
  await run('graphql create', {
    method: 'POST',
    url: '/graphql',
    headers: auth(org.key),
    payload: {
      query: 'mutation ($input: GroupInput!) { createGroup(input: $input) { id } }',
      variables: {
        input: {
          name: `Canary ${CANARY.term} Online`,
          conditions: ['depression'],
          attendance: 'ONLINE',
          facilitation: 'PEER_LED',
          access: 'OPEN',
          cost: 'FREE',
          languages: ['en'],
          timezone: 'America/New_York',
          online: { url: 'https://meet.example.org/canary', dialIn: CANARY.phone },
          contact,
          meetings: [{ day: 'TUE', startTime: '19:00', durationMinutes: 90 }],
        },
      },
    },
  });
  for (let i = 0; i < 7; i++) {
    // The seventh is over the per-client report budget (429).
    await run(`report ${i}`, {
      method: 'POST',
      url: `/v1/groups/${id}/reports`,
      payload: {
        field: 'contact',
        problem: `Call ${CANARY.phone} or write to ${CANARY.email} (${i})`,
        suggestion: CANARY.term,
      },
    });
  }
  await run('import', {
    method: 'POST',
    url: '/v1/imports?conditions=depression',
    headers: { ...auth(org.key), 'content-type': 'text/csv', prefer: 'wait=30' },
    payload: [
      'external_id,name,description,conditions,attendance,facilitation,access,cost,languages,locality,region,country,lat,lng,street,day,start_time,duration_minutes',
      `canary-1,Canary Import Circle,"${CANARY.term}: call ${CANARY.phone} or write ${CANARY.email}",depression,in_person,peer_led,open,free,en,New York,NY,US,${CANARY.lat},${CANARY.lng},${CANARY.street},tue,19:00,90`,
      `canary-2,,"${CANARY.email}",nope,in_person,peer_led,open,free,en,New York,NY,US,${CANARY.lat},${CANARY.lng},${CANARY.street},tue,25:00,90`,
    ].join('\n'),
  });

  // The requests did what they were meant to (a canary in a 200 and in a refusal alike).
  t.match(
    statuses,
    {
      search: 200,
      'search near': 200,
      'bad condition': 400,
      'unknown parameter': 400,
      'bad limit': 400,
      'bad cursor': 400,
      'no such route': 404,
      'unknown group': 400,
      graphql: 200,
      'graphql get': 200,
      'graphql bad argument': 400,
      'graphql syntax error': 400,
      'unknown key': 401,
      'unknown key write': 401,
      create: 201,
      'create replayed': 201,
      'create invalid': 400,
      'create not json': 400,
      update: 200,
      'update stale': 412,
      'graphql create': 200,
      'report 0': 201,
      'report 6': 429,
      import: 200,
    },
    JSON.stringify(statuses),
  );

  await app.close(); // flush everything, including the import's background work
  const log = lines.join('\n');
  t.ok(lines.length > 60, `${lines.length} log lines captured`);
  t.ok(
    lines.some((l) => l.includes('"route":"/v1/groups"')),
    'request lines are captured',
  );
  t.equal(app.log.level, 'trace', 'captured at the most verbose level');
  const found: string[] = [];
  for (const [name, value] of Object.entries(CANARY)) {
    for (const form of canaryForms(value)) {
      const hits = lines.filter((l) => l.includes(form));
      if (hits.length)
        found.push(`${name} (${form}) in ${hits.length} lines, e.g. ${hits[0]!.slice(0, 300)}`);
    }
  }
  for (const ip of [CLIENT_IP, FORWARDED_IP]) {
    const hits = lines.filter((l) => l.includes(ip));
    if (hits.length)
      found.push(`client address ${ip} in ${hits.length} lines, e.g. ${hits[0]!.slice(0, 300)}`);
  }
  const queries = lines.filter((l) =>
    /\/(?:v1\/groups|graphql|v1\/feeds\/[\w.-]+|v1\/nowhere)[^"\s]*\?/.test(l),
  );
  if (queries.length)
    found.push(`query strings in ${queries.length} lines, e.g. ${queries[0]!.slice(0, 300)}`);
  t.same(found, [], 'the logs hold none of it');
  t.notOk(log.includes('cir_sk_'), 'no key, not even its prefix');
});

// ---------------------------------------------------------------------------------------------
// Approximate locations

t.test('an approximate location never shows its street or coordinates finer than ~1 km', async (t) => {
  const { app, db } = await buildTestApp(t, { env: { CIRCLES_RATE_LIMIT: '100000' } });
  const owner = await submitter(app, db, 'Approximate Places Collective', true);
  // A precise point (the Empire State Building) that must be shown as an area only.
  const precise = { lat: 40.748817, lng: -73.985428 };
  const street = '350 Fifth Avenue Hidden Suite';
  const name = 'Approximate Hidden Place Circle';
  const created = await app.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: owner.auth,
    payload: groupBody({
      name,
      location: {
        street,
        locality: 'New York',
        region: 'NY',
        postal_code: '10001',
        country: 'US',
        ...precise,
        approximate: true,
      },
      // A hybrid group: an in-person meeting and an online one, both on every surface.
      attendance: 'hybrid',
      online: { url: 'https://meet.example.org/approximate' },
      meetings: [
        { day: 'tue', start_time: '19:00', duration_minutes: 90 },
        { day: 'thu', start_time: '18:00', duration_minutes: 60, attendance: 'online' },
      ],
    }),
  });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json().data.id as string;
  const slug = created.json().data.slug as string;

  const gql = (query: string, variables: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  const location = 'name location { street locality lat lng approximate }';
  const publicSurfaces: [string, () => Promise<{ statusCode: number; body: string }>][] = [
    ['REST detail by id', () => app.inject(`/v1/groups/${id}`)],
    ['REST detail by slug', () => app.inject(`/v1/groups/${slug}`)],
    ['REST search', () => app.inject('/v1/groups?q=approximate%20hidden')],
    ['REST search near', () => app.inject('/v1/groups?near=40.7,-74.0&radius=20km&sort=distance')],
    ['REST search near a place', () => app.inject('/v1/groups?near=10001&radius=5mi')],
    ['REST by organization', () => app.inject(`/v1/groups?organization=${owner.organizationId}`)],
    ['GraphQL group', () => gql(`query ($id: ID) { group(id: $id) { ${location} } }`, { id })],
    [
      'GraphQL groups near',
      () =>
        gql(
          `{ groups(near: { place: "40.7,-74.0", radius: "20km" }) { nodes { distanceKm distanceMi ${location} } } }`,
          {},
        ),
    ],
    [
      'GraphQL organization',
      () =>
        gql(`query ($id: ID!) { organization(id: $id) { groups { ${location} } } }`, {
          id: owner.organizationId,
        }),
    ],
    [
      'Meeting Guide feed',
      () => app.inject(`/v1/feeds/meeting-guide.json?organization=${owner.organizationId}`),
    ],
    ['Meeting Guide feed near', () => app.inject('/v1/feeds/meeting-guide.json?near=40.7,-74.0&radius=20km')],
    ['calendar', () => app.inject(`/v1/groups/${id}/calendar.ics`)],
    ['HSDS service', () => app.inject(`/hsds/services/${id}`)],
    [
      'HSDS services by organization',
      () => app.inject(`/hsds/services?organization_id=${owner.organizationId}`),
    ],
    ['HSDS services near a postcode', () => app.inject('/hsds/services?postcode=10001&proximity=8000')],
    ['HSDS organization', () => app.inject(`/hsds/organizations/${owner.organizationId}`)],
  ];

  const fine = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) > 1e-6;
  const problems: string[] = [];
  for (const [surface, fetch] of publicSurfaces) {
    const res = await fetch();
    // meta.place is the place searched for (echoed to its caller), not the group's: leave it out.
    let body = res.body;
    try {
      const parsed = JSON.parse(body);
      if (parsed?.meta?.place) parsed.meta.place = null;
      body = JSON.stringify(parsed);
    } catch {}
    if (res.statusCode !== 200) problems.push(`${surface}: ${res.statusCode}`);
    if (!body.includes('New York') && !body.includes('Approximate'))
      problems.push(`${surface}: the group is not there`);
    if (body.includes('Fifth Avenue')) problems.push(`${surface}: shows the street`);
    // Every number close to the point is a coordinate of it: none may be finer than 0.01 degree.
    for (const match of body.matchAll(/-?\d+\.\d+/g)) {
      const value = Number(match[0]);
      const nearPoint = Math.abs(value - precise.lat) < 0.05 || Math.abs(value - precise.lng) < 0.05;
      if (nearPoint && fine(value)) problems.push(`${surface}: shows ${match[0]}`);
    }
    // Distances from a chosen point would narrow the place down: whole units only.
    for (const match of body.matchAll(/"(?:distance_km|distance_mi|distanceKm|distanceMi)":(-?[\d.]+)/g)) {
      if (!Number.isInteger(Number(match[1]))) problems.push(`${surface}: distance ${match[1]}`);
    }
  }

  // The search index document (what a Meilisearch index would hold and serve).
  const documents = await documentLoader(db, app.taxonomy)([id]);
  const document = JSON.stringify(documents.get(id));
  if (!documents.get(id)) problems.push('search document: missing');
  if (document.includes('Fifth Avenue')) problems.push('search document: shows the street');
  for (const match of document.matchAll(/-?\d+\.\d+/g)) {
    const value = Number(match[0]);
    if ((Math.abs(value - precise.lat) < 0.05 || Math.abs(value - precise.lng) < 0.05) && fine(value))
      problems.push(`search document: shows ${match[0]}`);
  }
  t.same(problems, [], 'only the area, on every public surface');

  // Its owner's view says so too (the owner sees the same area; the street stays in the row).
  const own = (await app.inject({ url: `/v1/groups/${id}`, headers: owner.auth })).json().data;
  t.equal(own.location.approximate, true);
});
