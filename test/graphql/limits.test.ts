// Hardening: depth, aliases, cost, page size, batching, body size; each refusal is coded like REST
// and the server keeps serving. Plus: no N+1, and the served schema is exactly schema/*.graphql.
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import t, { type Test } from 'tap';
import { buildTestApp } from '../helper.js';
import { addGroups, addOrganization } from '../support/fixtures.js';

let statements = 0;
const { app, db } = await buildTestApp(t, { onQuery: () => statements++ });

async function gql(query: string, variables?: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return { status: res.statusCode, body: res.json() };
}

async function stillServing(t: Test) {
  const { status, body } = await gql('{ taxonomy(vocabulary: "cost") { code } }');
  t.equal(status, 200, 'still serving');
  t.equal(body.data.taxonomy[0].code, 'cost');
}

t.test('a depth-20 query is refused', async (t) => {
  let selection = 'name';
  for (let i = 0; i < 10; i++) selection = `organization { groups(first: 1) { ${selection} } }`;
  const { status, body } = await gql(`{ groups(first: 1) { nodes { ${selection} } } }`);
  t.equal(status, 400);
  t.equal(body.data, null);
  t.equal(body.errors[0].extensions.code, 'query_too_complex');
  t.match(body.errors[0].message, /depth|[Cc]ost/);
  await stillServing(t);
});

t.test('a depth limit also holds through named fragments', async (t) => {
  const fragments = Array.from({ length: 12 }, (_, i) =>
    i === 11
      ? `fragment F${i} on Organization { name }`
      : `fragment F${i} on Organization { groups(first: 1) { organization { ...F${i + 1} } } }`,
  ).join('\n');
  const { status, body } = await gql(`{ organizations(first: 1) { nodes { ...F0 } } }\n${fragments}`);
  t.equal(status, 400);
  t.equal(body.errors[0].extensions.code, 'query_too_complex');
});

t.test('500 aliases are refused', async (t) => {
  const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: taxonomy(vocabulary: "cost") { code }`).join(
    '\n',
  );
  const { status, body } = await gql(`{ ${aliases} }`);
  t.equal(status, 400);
  t.equal(body.data, null);
  t.equal(body.errors[0].extensions.code, 'query_too_complex');
  await stillServing(t);
});

t.test(
  '40 aliases (over the alias limit, under the token limit) are refused by the alias rule',
  async (t) => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: group(slug: "x") { id }`).join('\n');
    const { status, body } = await gql(`{ ${aliases} }`);
    t.equal(status, 400);
    t.equal(body.errors[0].extensions.code, 'query_too_complex');
    t.match(body.errors[0].message, /[Aa]liases/);
  },
);

t.test('first: 10000 is refused like limit=10000 in REST', async (t) => {
  const { status, body } = await gql('{ groups(first: 10000) { totalCount } }');
  t.equal(status, 400);
  t.equal(body.errors[0].extensions.code, 'invalid_parameter');
  t.equal(body.errors[0].extensions.invalid_params[0].name, 'first');
  const rest = await app.inject({ url: '/v1/groups?limit=10000' });
  t.equal(rest.json().code, body.errors[0].extensions.code, 'same code as REST');
  await stillServing(t);
});

t.test('an expensive shape is refused by the cost limit', async (t) => {
  const { status, body } = await gql(
    '{ organizations(first: 100) { nodes { groups(first: 100) { name description meetings { day startTime nextStart timezone } organization { name } } } } }',
  );
  t.equal(status, 400);
  t.equal(body.errors[0].extensions.code, 'query_too_complex');
  t.match(body.errors[0].message, /[Cc]ost/);
});

t.test('batched operations are refused', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: [{ query: '{ taxonomy { code } }' }, { query: '{ taxonomy { code } }' }],
  });
  t.equal(res.statusCode, 400);
  await stillServing(t);
});

t.test('a body over the size limit is refused with payload_too_large', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: `{ taxonomy { code } } # ${'x'.repeat(300_000)}` },
  });
  t.equal(res.statusCode, 413);
  t.equal(res.json().errors[0].extensions.code, 'payload_too_large');
});

t.test('syntax errors and unknown fields are invalid_query', async (t) => {
  const syntax = await gql('{ groups( }');
  t.equal(syntax.status, 400);
  t.equal(syntax.body.errors[0].extensions.code, 'invalid_query');
  const unknown = await gql('{ groups { nope } }');
  t.equal(unknown.status, 400);
  t.equal(unknown.body.errors[0].extensions.code, 'invalid_query');
});

t.test('a query that is JSON (a ready-made AST, or any JSON value) is refused, not run', async (t) => {
  const ast = JSON.stringify({
    kind: 'Document',
    definitions: [
      {
        kind: 'OperationDefinition',
        operation: 'query',
        selectionSet: { kind: 'SelectionSet', selections: [] },
      },
    ],
  });
  for (const query of [ast, ` \n${ast}`, '{}', '[1]', '"x"', '-1', '7', 'true', 'null', ' false ']) {
    const { status, body } = await gql(query);
    t.equal(status, 400, JSON.stringify(query));
    t.equal(body.errors[0].extensions.code, 'invalid_query', JSON.stringify(query));
    t.equal(body.errors[0].message, 'query must be a GraphQL document', JSON.stringify(query));
  }
  // GraphQL starting like JSON's first characters is still GraphQL.
  const { status, body } = await gql('  {taxonomy(vocabulary: "cost") { code } }');
  t.equal(status, 200);
  t.equal(body.data.taxonomy[0].code, 'cost');
});

t.test('domain errors carry the REST codes', async (t) => {
  const missing = await gql('{ group(slug: "no-such-group") { id } }');
  t.equal(missing.body.errors[0].extensions.code, 'not_found');
  t.same(missing.body.data, { group: null });
  const badCondition = await gql('{ groups(filter: { condition: ["unknown"] }) { totalCount } }');
  t.equal(badCondition.body.errors[0].extensions.code, 'invalid_parameter');
  t.equal(badCondition.body.errors[0].extensions.invalid_params[0].name, 'filter.condition');
  const badCursor = await gql('{ groups(after: "nope") { totalCount } }');
  t.equal(badCursor.body.errors[0].extensions.code, 'invalid_cursor');
  const badOrg = await gql('{ organization(id: "not-a-uuid") { id } }');
  t.equal(badOrg.body.errors[0].extensions.code, 'invalid_parameter');
});

t.test('no N+1: statements do not grow with the number of groups', async (t) => {
  const org = await addOrganization(db, 'Counting Network');
  await addGroups(
    db,
    Array.from({ length: 60 }, (_, i) => ({
      name: `Counted Group ${i}`,
      conditions: ['depression'],
      meetings: [
        { frequency: 'weekly' as const, day: 'mon' as const, start_time: '18:00', duration_minutes: 60 },
        { frequency: 'weekly' as const, day: 'thu' as const, start_time: '09:00', duration_minutes: 60 },
      ],
    })),
    org,
  );
  const query = (n: number) =>
    `{ groups(filter: { condition: ["depression"] }, first: ${n}) { nodes { name organization { name publishedGroups } meetings { day nextStart } } } }`;
  const count = async (n: number) => {
    await app.taxonomy.get(); // loaded once and cached; keep it out of the count
    statements = 0;
    const { body } = await gql(query(n));
    t.equal(body.data.groups.nodes.length, n);
    t.equal(body.data.groups.nodes[0].meetings.length, 2);
    return statements;
  };
  const few = await count(5);
  const many = await count(50);
  t.equal(many, few, `50 groups take as many statements as 5 (${few})`);
  t.ok(many <= 6, `a handful of statements in all (${many})`);
});

t.test("an organization's id, slug and name come with its groups, without another statement", async (t) => {
  const listed = async (fields: string) => {
    await app.taxonomy.get();
    statements = 0;
    const { body } = await gql(
      `{ groups(filter: { condition: ["depression"] }, first: 5) { nodes { organization { ${fields} } } } }`,
    );
    return {
      organizations: body.data.groups.nodes.map((n: { organization: unknown }) => n.organization),
      statements,
    };
  };
  // Both read the same page of groups (cached after the first): only the organizations differ.
  await listed('id slug name');
  const summary = await listed('id slug name');
  const full = await listed('id slug name website');
  t.same(
    summary.organizations,
    full.organizations.map(({ id, slug, name }: { id: string; slug: string; name: string }) => ({
      id,
      slug,
      name,
    })),
    'the same organizations either way',
  );
  t.equal(
    summary.statements,
    full.statements - 1,
    `statements: ${summary.statements} for the summary, ${full.statements} with the website`,
  );
});

t.test('the served schema is exactly schema/*.graphql', async (t) => {
  const dir = new URL('../../schema/', import.meta.url);
  const source = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .join('\n');
  const expected = printSchema(lexicographicSortSchema(buildSchema(source)));
  const served = printSchema(lexicographicSortSchema(app.graphql.schema));
  t.equal(served, expected);
});

t.test('introspection can be switched off', async (t) => {
  const on = await gql('{ __schema { queryType { name } } }');
  t.equal(on.body.data.__schema.queryType.name, 'Query');
  const { app: closed } = await buildTestApp(t, {
    env: { CIRCLES_GRAPHQL_INTROSPECTION: 'false', CIRCLES_GRAPHIQL: 'false' },
  });
  const res = await closed.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: '{ __schema { queryType { name } } }' },
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().errors[0].extensions.code, 'invalid_query');
  t.equal((await closed.inject({ url: '/graphiql' })).statusCode, 404);
  t.equal((await app.inject({ url: '/graphiql' })).statusCode, 200, 'GraphiQL is on by default');
});
