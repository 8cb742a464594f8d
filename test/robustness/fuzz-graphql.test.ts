// Fuzzing GraphQL from its SDL: random selections, arguments (`first` from -5 to 500), aliases,
// fragments, variables of the wrong types, and documents over the depth, alias, cost and page-size
// limits by construction; anonymous and with every kind of key, over POST and GET.
// Holds: no 5xx; every error carries a code; a refused document returns no data; nothing over a
// limit returns data; a page size in a variable is checked like a literal one; nothing unpublished
// in any response; no error in the server log; no statement refused by Postgres; still serving.
// Seeded and reproducible: see support/property.ts (CIRCLES_FUZZ_SEED, CIRCLES_FUZZ_PATH).
import t from 'tap';
import { type GraphqlBody, graphqlProblems, longestList } from './support/checks.js';
import { documentArbitrary } from './support/graphql-documents.js';
import { fuzzRuns, printable, runProperty } from './support/property.js';
import { buildWorld, errorLogs, isPrivileged, leaks, short } from './support/world.js';

const FILE = 'test/robustness/fuzz-graphql.test.ts';
const world = await buildWorld(t);
const { app } = world;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
t.teardown(() => process.off('unhandledRejection', onUnhandled));

const cursors: string[] = [];
for (const url of ['/v1/groups?limit=1', '/v1/organizations?limit=1']) {
  const next = (await app.inject({ url })).json().meta?.next_cursor;
  if (next) cursors.push(next);
}
// The gazetteer loads on the first place-name lookup (about a second): not what is measured here.
await app.inject({ url: '/v1/groups?near=London&limit=1' });
const pools = {
  publishedIds: world.published.ids,
  publishedSlugs: world.published.slugs,
  hiddenIds: world.hidden.ids,
  hiddenSlugs: world.hidden.slugs,
  organizations: [world.orgA, world.orgHidden],
  cursors,
};

t.test('generated documents never break the contract', async (t) => {
  const families = new Map<string, number>();
  const outcomes = new Map<string, number>();
  await runProperty(
    t,
    'GraphQL fuzz',
    documentArbitrary(app.graphql.schema, pools).map(printable),
    async (doc) => {
      const headers = world.headers[doc.role];
      const res =
        doc.method === 'GET'
          ? await app.inject({
              method: 'GET',
              url: '/graphql',
              query: {
                query: doc.query,
                ...(doc.variables ? { variables: JSON.stringify(doc.variables) } : {}),
              },
              headers,
              remoteAddress: doc.remoteAddress,
            })
          : await app.inject({
              method: 'POST',
              url: '/graphql',
              headers: { ...headers, 'content-type': 'application/json' },
              payload: JSON.stringify({ query: doc.query, variables: doc.variables ?? null }),
              remoteAddress: doc.remoteAddress,
            });
      const problems = graphqlProblems(res);
      let body: GraphqlBody = {};
      try {
        body = JSON.parse(res.body);
      } catch {}
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      families.set(doc.family, (families.get(doc.family) ?? 0) + 1);
      const outcome = `${res.statusCode}${body.data ? '+data' : ''}`;
      const byRole = `${doc.role}:${res.statusCode}:${codes[0] ?? ''}`;
      outcomes.set(byRole, (outcomes.get(byRole) ?? 0) + 1);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

      const badKey = doc.role === 'malformed_key' || doc.role === 'unknown_key';
      if (badKey) {
        // A bad key is refused before any document is looked at.
        if (res.statusCode !== 401 || codes[0] !== 'invalid_key' || body.data)
          problems.push(`a bad key answered ${res.statusCode} ${codes[0]}`);
      } else if (doc.overLimit) {
        // Refused: 400, or 401 when the key itself is bad (checked before any document).
        if (res.statusCode !== 400 && res.statusCode !== 401)
          problems.push(`over the limit (${doc.overLimit}) but answered ${res.statusCode}`);
        if (body.data) problems.push(`over the limit (${doc.overLimit}) but returned data`);
        // A document that does not parse is refused before any limit is measured: invalid_query.
        const unparsable = (body.errors ?? []).some(
          (e) => e.extensions?.code === 'invalid_query' && /^Syntax Error/.test(String(e.message)),
        );
        if (
          res.statusCode === 400 &&
          !unparsable &&
          !codes.some((c) => c === 'query_too_complex' || c === 'invalid_parameter')
        )
          problems.push(`over the limit (${doc.overLimit}) without query_too_complex or invalid_parameter`);
      }
      if (doc.pageSize && !badKey) {
        const { value, valid, field } = doc.pageSize;
        const top = field.split('.')[0] as 'groups' | 'organizations';
        const data = body.data?.[top] as Record<string, unknown> | null | undefined;
        if (valid && !data) problems.push(`first: ${value} (${field}) is valid but returned no data`);
        if (!valid && data && field !== 'organizations.groups')
          problems.push(`first: ${value} (${field}) is out of range but returned data`);
        if (!valid && field === 'organizations.groups' && JSON.stringify(data ?? null).includes('"groups"'))
          problems.push(`first: ${value} (${field}) is out of range but returned groups`);
        if (!valid && !codes.includes('invalid_parameter'))
          problems.push(`first: ${value} (${field}) is out of range without invalid_parameter`);
      }
      if (longestList(body.data) > 100) problems.push('a list longer than the page-size limit');
      // Moderators and admins may read a pending edit through Group.moderation; nobody else.
      const route =
        isPrivileged(doc.role) && doc.query.includes('moderation') ? '/v1/moderation' : '/graphql';
      if (leaks(world, doc.role, route, res.body))
        problems.push('an unpublished group appears in the response');
      if (problems.length) throw new Error(`${problems.join('; ')}\nresponse: ${short(res.body, 600)}`);
    },
    fuzzRuns(1_000),
    FILE,
  );
  t.comment(`families: ${[...families].map(([f, n]) => `${f}×${n}`).join(' ')}`);
  t.comment(`outcomes: ${[...outcomes].map(([o, n]) => `${o}×${n}`).join(' ')}`);
  t.ok((outcomes.get('200+data') ?? 0) > 100, 'many documents were valid and answered with data');
});

t.test('the server log holds no error and Postgres refused no statement', async (t) => {
  t.same(
    errorLogs(world).map((l) => short(JSON.stringify(l), 500)),
    [],
    'no error-level log lines',
  );
  t.same(
    world.queryErrors.map((e) => `${e.error} :: ${short(e.sql, 200)}`),
    [],
    'no statement failed in Postgres',
  );
  t.same(unhandled.map(String), [], 'no unhandled promise rejection');
});

t.test('the process is still up and serving', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: '{ groups(filter: { condition: ["depression"] }, first: 5) { totalCount } }' },
  });
  t.equal(res.statusCode, 200);
  t.ok(res.json().data.groups.totalCount >= 1, 'search still finds the published groups');
});
