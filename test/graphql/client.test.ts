// The README's GraphQL examples, sent by a real client (graphql-request) over HTTP to the app
// listening on a port, on the demo directory that `npm start` loads.
import type { AddressInfo } from 'node:net';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import t from 'tap';
import { buildTestApp } from '../helper.js';

// Monday noon UTC, so next meetings are known dates.
const { app } = await buildTestApp(t, { demo: true, clock: () => new Date('2026-11-23T12:00:00Z') });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;
const client = new GraphQLClient(`http://127.0.0.1:${port}/graphql`);

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;
const HH_MM = /^\d\d:\d\d$/;
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface FacetDto {
  name: string;
  values: { value: string; count: number }[];
}

t.test('a) groups for a condition near a ZIP, with organization and meetings', async (t) => {
  const query = gql`
    query NearMe {
      groups(filter: { condition: ["depression"] }, near: { place: "10001", radius: "25mi" }, first: 5) {
        totalCount
        nodes {
          name
          distanceMi
          nextMeeting
          organization { name }
          meetings { day startTime timezone }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  `;
  const { groups } = await client.request<{
    groups: {
      totalCount: number;
      nodes: {
        name: string;
        distanceMi: number | null;
        nextMeeting: string | null;
        organization: { name: string };
        meetings: { day: string; startTime: string; timezone: string }[];
      }[];
      pageInfo: PageInfo;
    };
  }>(query);
  t.ok(groups.totalCount > 5, `${groups.totalCount} depression groups within 25 mi of 10001 or online`);
  t.equal(groups.nodes.length, 5);
  t.equal(groups.pageInfo.hasNextPage, true);
  t.type(groups.pageInfo.endCursor, 'string');
  t.ok(
    groups.nodes.some((g) => g.distanceMi !== null),
    'in-person groups nearby come first (distance order)',
  );
  for (const g of groups.nodes) {
    t.ok(g.name.length > 0);
    t.ok(g.organization.name.length > 0, `${g.name} has its organization`);
    if (g.distanceMi !== null) t.ok(g.distanceMi <= 25, `${g.name} is within 25 mi`);
    t.match(g.nextMeeting, ISO_WITH_OFFSET);
    t.ok(g.meetings.length > 0, `${g.name} has meetings`);
    for (const m of g.meetings) {
      t.ok(DAYS.includes(m.day), `${m.day} is a Day`);
      t.match(m.startTime, HH_MM);
      t.match(m.timezone, /^[A-Za-z_]+\/[A-Za-z_/]+$/);
    }
  }
  // Nearest first; approximate locations show whole miles, hence the half-mile slack.
  const distances = groups.nodes.map((g) => g.distanceMi).filter((d): d is number => d !== null);
  t.ok(
    distances.every((d, i) => i === 0 || d >= distances[i - 1]! - 0.5),
    `nearest first: ${distances.join(', ')}`,
  );
});

t.test('b) a typo, an affinity and a language, with facets', async (t) => {
  const query = gql`
    query Search {
      groups(filter: { q: "bipolr", affinity: ["lgbtq"], language: ["es"] }, facets: [CONDITION, DAY]) {
        totalCount
        nodes {
          name
          languages
          conditions { code label(lang: "es") }
        }
        facets { name values { value count } }
      }
    }
  `;
  const { groups } = await client.request<{
    groups: {
      totalCount: number;
      nodes: { name: string; languages: string[]; conditions: { code: string; label: string }[] }[];
      facets: FacetDto[];
    };
  }>(query);
  t.ok(groups.totalCount >= 1, 'bipolr still finds bipolar groups');
  t.equal(groups.nodes.length, groups.totalCount, 'one page holds them all');
  t.ok(
    groups.nodes.some((g) => g.name.startsWith('Arcoíris')),
    'the Spanish-speaking LGBTQ+ bipolar group is among them',
  );
  for (const g of groups.nodes) t.ok(g.languages.includes('es'), `${g.name} is held in Spanish`);
  const bipolar = groups.nodes.flatMap((g) => g.conditions).find((c) => c.code === 'bipolar');
  t.equal(bipolar?.label, 'Trastorno bipolar', 'labels in Spanish');

  t.same(
    groups.facets.map((f) => f.name),
    ['CONDITION', 'DAY'],
    'the facets asked for, in that order',
  );
  const [conditionFacet, dayFacet] = groups.facets;
  t.ok(
    conditionFacet?.values.some((v) => v.value === 'bipolar' && v.count >= 1),
    'bipolar is counted',
  );
  t.ok(
    dayFacet?.values.some((v) => v.value === 'tue' && v.count >= 1),
    'Tuesday is counted',
  );
  for (const f of groups.facets) {
    for (const v of f.values) t.ok(Number.isInteger(v.count) && v.count > 0, `${f.name} ${v.value}`);
  }
});

t.test('c) one group by slug', async (t) => {
  const query = gql`
    query One {
      group(slug: "arcoiris-bipolar-en-linea") {
        name
        attendance
        online { url }
        meetings { day startTime nextStart }
      }
    }
  `;
  const { group } = await client.request<{
    group: {
      name: string;
      attendance: string;
      online: { url: string | null } | null;
      meetings: { day: string; startTime: string; nextStart: string | null }[];
    } | null;
  }>(query);
  t.ok(group, 'found by slug');
  t.equal(group?.name, 'Arcoíris: LGBTQ+ Bipolar Support en Español');
  t.equal(group?.attendance, 'ONLINE');
  t.equal(group?.online?.url, 'https://meet.example.org/arcoiris');
  t.same(group?.meetings, [
    // Tuesdays 19:00 in New York; the clock says Monday 23 November 2026.
    { day: 'TUE', startTime: '19:00', nextStart: '2026-11-24T19:00:00-05:00' },
  ]);

  const missing = await client
    .request<{ group: null }>(gql`
    query Missing {
      group(slug: "no-such-group") { name }
    }
  `)
    .catch((error: unknown) => error);
  t.ok(missing instanceof ClientError, 'an unknown slug is an error');
  if (missing instanceof ClientError) t.equal(missing.response.errors?.[0]?.extensions?.code, 'not_found');
});

t.test('d) a vocabulary', async (t) => {
  const query = gql`
    query Vocab {
      taxonomy(vocabulary: "conditions") {
        code
        terms { code label(lang: "es") synonyms }
      }
    }
  `;
  const { taxonomy } = await client.request<{
    taxonomy: { code: string; terms: { code: string; label: string; synonyms: string[] }[] }[];
  }>(query);
  t.equal(taxonomy.length, 1, 'only the vocabulary named');
  t.equal(taxonomy[0]?.code, 'conditions');
  const terms = taxonomy[0]?.terms ?? [];
  t.ok(terms.length >= 20, `${terms.length} conditions`);
  const bipolar = terms.find((x) => x.code === 'bipolar');
  t.equal(bipolar?.label, 'Trastorno bipolar');
  t.ok(bipolar?.synonyms.includes('trastorno bipolar'), 'Spanish synonyms are listed');
  const ptsd = terms.find((x) => x.code === 'ptsd');
  t.ok(ptsd?.synonyms.includes('trauma'), 'trauma is a synonym of ptsd');
});

t.test('e) organizations with some of their groups', async (t) => {
  const query = gql`
    query Orgs {
      organizations(first: 3) {
        nodes {
          name
          publishedGroups
          groups(first: 2) { name }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  `;
  const { organizations } = await client.request<{
    organizations: {
      nodes: { name: string; publishedGroups: number; groups: { name: string }[] }[];
      pageInfo: PageInfo;
    };
  }>(query);
  t.equal(organizations.nodes.length, 3);
  t.equal(organizations.pageInfo.hasNextPage, true, 'the demo has more than three organizations');
  t.type(organizations.pageInfo.endCursor, 'string');
  const names = organizations.nodes.map((o) => o.name);
  t.same(
    names,
    [...names].sort((a, b) => a.localeCompare(b)),
    'in name order',
  );
  for (const o of organizations.nodes) {
    t.ok(o.groups.length <= 2, `${o.name}: at most two groups`);
    t.equal(o.groups.length, Math.min(2, o.publishedGroups), `${o.name}: as many as it publishes, up to two`);
    const groupNames = o.groups.map((g) => g.name);
    t.same(
      groupNames,
      [...groupNames].sort((a, b) => a.localeCompare(b)),
      `${o.name}: groups by name`,
    );
  }
  t.ok(
    organizations.nodes.some((o) => o.groups.length > 0),
    'some organization has groups',
  );
});

t.test('paging with variables', async (t) => {
  const query = gql`
    query Page($first: Int!, $after: String) {
      groups(filter: { condition: ["anxiety"] }, first: $first, after: $after) {
        totalCount
        nodes { id name }
        pageInfo { hasNextPage endCursor }
      }
    }
  `;
  type Page = { groups: { totalCount: number; nodes: { id: string; name: string }[]; pageInfo: PageInfo } };

  const first = await client.request<Page>(query, { first: 4 });
  t.equal(first.groups.nodes.length, 4);
  t.ok(first.groups.totalCount > 12, `${first.groups.totalCount} anxiety groups`);
  t.equal(first.groups.pageInfo.hasNextPage, true);

  const second = await client.request<Page>(query, { first: 4, after: first.groups.pageInfo.endCursor });
  t.equal(second.groups.nodes.length, 4);
  t.equal(second.groups.totalCount, first.groups.totalCount, 'the total holds across pages');
  t.equal(second.groups.pageInfo.hasNextPage, true);

  const third = await client.request<Page>(query, { first: 4, after: second.groups.pageInfo.endCursor });
  t.equal(third.groups.nodes.length, 4);

  const ids = [first, second, third].flatMap((p) => p.groups.nodes.map((n) => n.id));
  t.equal(new Set(ids).size, 12, 'three pages, twelve different groups');

  // The same twelve in one page of twelve: paging neither skips nor repeats.
  const all = await client.request<Page>(query, { first: 12 });
  t.same(
    all.groups.nodes.map((n) => n.id),
    ids,
  );
});

t.test('errors carry the REST code in extensions', async (t) => {
  const bad = async (query: string, variables?: Record<string, unknown>) => {
    const error = await client.request(query, variables).then(
      () => null,
      (e: unknown) => e,
    );
    t.ok(error instanceof ClientError, 'a ClientError');
    return error instanceof ClientError ? error.response : null;
  };

  const tooMany = await bad(gql`
    query TooMany {
      groups(first: 101) { totalCount }
    }
  `);
  t.equal(tooMany?.status, 400);
  t.equal(tooMany?.errors?.[0]?.extensions?.code, 'invalid_parameter');
  t.match(tooMany?.errors?.[0]?.extensions?.invalid_params, [{ name: 'first' }]);

  const unknownCondition = await bad(
    gql`
      query ByCondition($condition: [String!]) {
        groups(filter: { condition: $condition }) { totalCount }
      }
    `,
    { condition: ['not_a_condition'] },
  );
  t.equal(unknownCondition?.errors?.[0]?.extensions?.code, 'invalid_parameter');
  t.match(unknownCondition?.errors?.[0]?.extensions?.invalid_params, [{ name: 'filter.condition' }]);

  const badCursor = await bad(gql`
    query BadCursor {
      groups(after: "not-a-cursor") { totalCount }
    }
  `);
  t.equal(badCursor?.errors?.[0]?.extensions?.code, 'invalid_cursor');

  const unknownField = await bad(gql`
    query UnknownField {
      groups { nodes { shoeSize } }
    }
  `);
  t.equal(unknownField?.status, 400);
  t.equal(unknownField?.errors?.[0]?.extensions?.code, 'invalid_query');
});
