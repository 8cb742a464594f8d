// SQL injection: every payload of sql-injection-corpus.ts in every string query and path parameter
// of the REST contract (openapi/openapi.json) and in every string argument of the GraphQL queries.
// Holds, against a benign baseline of the same parameter: no 5xx; the same status class and problem
// code (or a 400 naming that very parameter); the same response shape; result ids a subset of what
// the request finds without the parameter (an injection cannot widen a search); nothing
// unpublished; no time-based delay; no Postgres ERROR (statement errors and the server log); and
// the payload never appears in the text of a SQL statement (values travel as parameters only).
import t from 'tap';
import { type Payload, SQL_INJECTION_CORPUS } from './sql-injection-corpus.js';
import { graphqlProblems, restProblems } from './support/checks.js';
import { encode, loadOperations } from './support/openapi-requests.js';
import { buildWorld, errorLogs, leaks, type Role, short } from './support/world.js';

const world = await buildWorld(t);
const { app } = world;
// Once, before timing anything: the gazetteer loads on the first place-name lookup.
await app.inject({ url: '/v1/groups?near=London&limit=1' });

/** Slower than this, a `sleepy` payload (pg_sleep(3)) is taken to have run. */
const SLEEP_MS = 2_500;
const BENIGN = 'benignvalue';

interface Observed {
  status: number;
  code: string | null;
  invalid: string[];
  keys: string[];
  ids: Set<string>;
  body: string;
  ms: number;
  sql: string[];
}

function collectIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) collectIds(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'id' || k === 'slug') && typeof v === 'string') out.add(v);
      else collectIds(v, out);
    }
  }
  return out;
}

function observe(
  res: { statusCode: number; body: string },
  ms: number,
  sql: string[],
  graphql: boolean,
): Observed {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(res.body);
  } catch {}
  const errors = (json.errors ?? []) as {
    extensions?: { code?: string; invalid_params?: { name: string }[] };
  }[];
  const code = graphql ? (errors[0]?.extensions?.code ?? null) : ((json.code as string) ?? null);
  const invalid = graphql
    ? errors.flatMap((e) => (e.extensions?.invalid_params ?? []).map((p) => p.name))
    : ((json.invalid_params ?? []) as { name: string }[]).map((p) => p.name);
  const data = graphql ? json.data : json.data;
  return {
    status: res.statusCode,
    code,
    invalid,
    keys: Array.isArray(json) ? ['(array)'] : Object.keys(json).sort(),
    ids: collectIds(data),
    body: res.body,
    ms,
    sql,
  };
}

async function timed<R extends { statusCode: number; body: string }>(
  run: () => Promise<R>,
  graphql: boolean,
) {
  world.statements.length = 0;
  world.recordSql = true;
  const started = performance.now();
  const res = await run();
  const ms = performance.now() - started;
  world.recordSql = false;
  return { res, observed: observe(res, ms, [...world.statements], graphql) };
}

/** What must hold of a payload's answer, compared with the benign value's and the unfiltered one's. */
function compare(
  payload: Payload,
  name: string,
  benign: Observed,
  unfiltered: Observed,
  got: Observed,
  role: Role,
  route: string,
): string[] {
  const out: string[] = [];
  // A refusal naming that very parameter (GraphQL: the variable that carried it) reads nothing.
  const refusedByName =
    got.status === 400 &&
    got.code === 'invalid_parameter' &&
    got.invalid.some((n) => n.endsWith(name) || n.startsWith('variables.'));
  if (!refusedByName) {
    if (Math.floor(got.status / 100) !== Math.floor(benign.status / 100))
      out.push(`status ${got.status} where the benign value got ${benign.status}`);
    else if (got.status >= 400 && got.code !== benign.code)
      out.push(`code ${got.code} where the benign value got ${benign.code}`);
    else if (got.status < 300 && got.keys.join() !== benign.keys.join())
      out.push(`shape ${got.keys} where the benign value got ${benign.keys}`);
  }
  const extra = [...got.ids].filter((id) => !unfiltered.ids.has(id));
  if (extra.length) out.push(`results the request without the parameter does not have: ${extra.join(', ')}`);
  if (payload.sleepy && got.ms > SLEEP_MS) out.push(`took ${Math.round(got.ms)} ms: the sleep ran`);
  // Payloads with SQL syntax of their own (a short one like `1::text` is also a piece of our SQL).
  if (
    payload.value.length >= 4 &&
    /['";]|pg_sleep|UNION/i.test(payload.value) &&
    got.sql.some((s) => s.includes(payload.value))
  )
    out.push('the payload appears in the text of a SQL statement');
  if (leaks(world, role, route, got.body)) out.push('an unpublished group appears');
  return out;
}

// Which key reads which route (the owner-only and moderator routes need one to get past 401).
function roleFor(path: string): Role {
  if (path.endsWith('/history')) return 'moderator';
  if (path.startsWith('/v1/imports')) return 'submit';
  if (path.includes('/keys')) return 'admin';
  return 'anonymous';
}

// A restrictive filter, so that "a subset of the unfiltered results" means something.
function baseQuery(path: string, target: string): [string, string][] {
  if (path !== '/v1/groups' && path !== '/v1/feeds/meeting-guide.json') return [];
  return target === 'condition' ? [['q', 'philadelphia']] : [['condition', 'ocd']];
}

const targets = loadOperations()
  .filter((op) => op.method === 'GET' && op.path !== '/graphql')
  .flatMap((op) =>
    op.params
      .filter((p) => (p.in === 'query' || p.in === 'path') && (p.schema.type === 'string' || p.schema.enum))
      .map((p) => ({ op, param: p })),
  );

t.test('REST: every string parameter against the corpus', async (t) => {
  let cases = 0;
  const failures: string[] = [];
  for (const { op, param } of targets) {
    const role = roleFor(op.path);
    const pathFor = (value: string) =>
      op.path.replace(/\{(\w+)\}/g, (_m, n: string) =>
        encode(n === param.name ? value : n === 'vocabulary' ? 'conditions' : world.published.ids[0]!),
      );
    const urlFor = (value: string | null) => {
      const query = baseQuery(op.path, param.name);
      if (param.in === 'query' && value !== null) query.push([param.name, value]);
      const qs = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
      return `${param.in === 'path' ? pathFor(value ?? BENIGN) : pathFor('')}${qs ? `?${qs}` : ''}`;
    };
    const get = (value: string | null) => () =>
      app.inject({ url: urlFor(value), headers: world.headers[role] });
    const benign = (await timed(get(BENIGN), false)).observed;
    // Without the parameter (a path parameter: the published group it names, or the vocabulary).
    const unfiltered =
      param.in === 'query'
        ? (await timed(get(null), false)).observed
        : (await timed(get(op.path.includes('taxonomy') ? 'conditions' : world.published.ids[0]!), false))
            .observed;
    for (const payload of SQL_INJECTION_CORPUS) {
      const { res, observed } = await timed(get(payload.value), false);
      cases++;
      const problems = [
        ...restProblems(res),
        ...compare(payload, param.name, benign, unfiltered, observed, role, op.path),
      ];
      if (problems.length)
        failures.push(
          `${op.method} ${op.path} ${param.name}=${JSON.stringify(payload.value)} (${payload.family}): ${problems.join('; ')} :: ${short(res.body, 300)}`,
        );
    }
  }
  t.comment(`${cases} REST cases over ${targets.length} parameters`);
  t.ok(targets.length >= 25, `${targets.length} string parameters`);
  t.same(failures, [], 'every payload is answered like a benign value');
});

interface GraphqlTarget {
  name: string;
  type: string;
  query: string;
  /** The same document without the argument, for the subset check. */
  unfiltered: string;
}

// Every string argument of the queries, passed as a variable as a client would.
const GRAPHQL_TARGETS: GraphqlTarget[] = [
  ...['q'].map((arg) => ({
    name: `filter.${arg}`,
    type: 'String',
    query: `query($v: String) { groups(filter: { ${arg}: $v, condition: ["ocd"] }) { totalCount nodes { id slug name } } }`,
    unfiltered: '{ groups(filter: { condition: ["ocd"] }) { totalCount nodes { id slug name } } }',
  })),
  ...['condition', 'affinity', 'accessibility'].map((arg) => ({
    name: `filter.${arg}`,
    type: 'String!',
    query: `query($v: String!) { groups(filter: { ${arg}: [$v], q: "philadelphia" }) { totalCount nodes { id slug } } }`,
    unfiltered: '{ groups(filter: { q: "philadelphia" }) { totalCount nodes { id slug } } }',
  })),
  {
    name: 'filter.language',
    type: 'LanguageTag!',
    query:
      'query($v: LanguageTag!) { groups(filter: { language: [$v], q: "philadelphia" }) { nodes { id } } }',
    unfiltered: '{ groups(filter: { q: "philadelphia" }) { nodes { id } } }',
  },
  {
    name: 'filter.organization',
    type: 'ID',
    query: 'query($v: ID) { groups(filter: { organization: $v, condition: ["ocd"] }) { nodes { id } } }',
    unfiltered: '{ groups(filter: { condition: ["ocd"] }) { nodes { id } } }',
  },
  {
    name: 'near.place',
    type: 'String!',
    query:
      'query($v: String!) { groups(near: { place: $v }, filter: { condition: ["ocd"] }) { nodes { id } } }',
    unfiltered: '{ groups(filter: { condition: ["ocd"] }) { nodes { id } } }',
  },
  {
    name: 'near.radius',
    type: 'String',
    query:
      'query($v: String) { groups(near: { place: "10001", radius: $v }, filter: { condition: ["ocd"] }) { nodes { id } } }',
    unfiltered: '{ groups(filter: { condition: ["ocd"] }) { nodes { id } } }',
  },
  {
    name: 'after',
    type: 'String',
    query: 'query($v: String) { groups(after: $v, filter: { condition: ["ocd"] }) { nodes { id } } }',
    unfiltered: '{ groups(filter: { condition: ["ocd"] }) { nodes { id } } }',
  },
  {
    name: 'id',
    type: 'ID',
    query: 'query($v: ID) { group(id: $v) { id slug name } }',
    unfiltered: '{ groups(first: 100) { nodes { id slug } } }',
  },
  {
    name: 'slug',
    type: 'String',
    query: 'query($v: String) { group(slug: $v) { id slug name } }',
    unfiltered: '{ groups(first: 100) { nodes { id slug } } }',
  },
  {
    name: 'vocabulary',
    type: 'String',
    query: 'query($v: String) { taxonomy(vocabulary: $v) { code terms { code } } }',
    unfiltered: '{ taxonomy { code terms { code } } }',
  },
  {
    name: 'lang',
    type: 'LanguageTag',
    query: 'query($v: LanguageTag) { taxonomy(vocabulary: "cost") { terms { code label(lang: $v) } } }',
    unfiltered: '{ taxonomy(vocabulary: "cost") { terms { code } } }',
  },
  {
    name: 'id',
    type: 'ID!',
    query: 'query($v: ID!) { organization(id: $v) { id name groups { id slug } } }',
    unfiltered: '{ organizations(first: 100) { nodes { id groups(first: 100) { id slug } } } }',
  },
  {
    name: 'after',
    type: 'String',
    query: 'query($v: String) { organizations(after: $v) { nodes { id } } }',
    unfiltered: '{ organizations(first: 100) { nodes { id } } }',
  },
];

t.test('GraphQL: every string argument against the corpus', async (t) => {
  let cases = 0;
  const failures: string[] = [];
  const post = (query: string, variables?: Record<string, unknown>) => () =>
    app.inject({ method: 'POST', url: '/graphql', payload: { query, ...(variables ? { variables } : {}) } });
  for (const target of GRAPHQL_TARGETS) {
    const benign = (await timed(post(target.query, { v: BENIGN }), true)).observed;
    const unfiltered = (await timed(post(target.unfiltered), true)).observed;
    for (const payload of SQL_INJECTION_CORPUS) {
      const { res, observed } = await timed(post(target.query, { v: payload.value }), true);
      cases++;
      const problems = [
        ...graphqlProblems(res),
        ...compare(payload, target.name, benign, unfiltered, observed, 'anonymous', '/graphql'),
      ];
      if (problems.length)
        failures.push(
          `${target.query.slice(0, 60)} ${JSON.stringify(payload.value)} (${payload.family}): ${problems.join('; ')} :: ${short(res.body, 300)}`,
        );
    }
  }
  t.comment(`${cases} GraphQL cases over ${GRAPHQL_TARGETS.length} arguments`);
  t.same(failures, [], 'every payload is answered like a benign value');
});

t.test('Postgres refused no statement and the server logged no error', async (t) => {
  t.same(
    world.queryErrors.map((e) => `${e.error} :: ${short(e.sql, 200)}`),
    [],
    'no statement failed in Postgres',
  );
  t.same(
    errorLogs(world).map((l) => short(JSON.stringify(l), 400)),
    [],
    'no error-level log lines',
  );
  const groups = await world.db
    .selectFrom('groups')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirst();
  t.ok(Number(groups?.n) >= 11, 'the groups table is still there, rows and all');
});
