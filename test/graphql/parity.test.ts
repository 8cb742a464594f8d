// REST and GraphQL must answer the same search alike: GET /v1/groups and Query.groups share
// GroupsService, and this suite holds them to it on the demo directory. Each case is a REST query
// string and the equivalent GraphQL arguments; both sides are compared page by page (ids and
// order, totals, facets, distances, next meetings), following each side's own cursors.
import t, { type Test } from 'tap';
import { buildTestApp } from '../helper.js';

// Monday noon UTC: fixed, so next-meeting times and orders cannot drift between two calls.
const NOW = new Date('2026-11-23T12:00:00Z');
const { app } = await buildTestApp(t, { demo: true, clock: () => NOW });

// ---------------------------------------------------------------------------------------------
// The cases

interface Case {
  name: string;
  /** REST query string, without the leading "?". */
  rest: string;
  /** The GraphQL arguments of Query.groups that mean the same. */
  gql: string;
  /** Pages to follow with the cursors (default 1); the case must have at least that many. */
  pages?: number;
  /** Deliberately no results. */
  empty?: boolean;
  /** Should find something but does not, for a reason outside parity: its non-empty checks are todo. */
  knownEmpty?: string;
  /** Holds for every group returned (checked on the REST answer, which GraphQL then equals). */
  every?: (g: View) => boolean;
  /** Holds for at least one group of the first page. */
  some?: (g: View) => boolean;
  /** The order the results must come in. */
  order?: 'distance' | 'next_meeting' | 'updated';
}

const has = (list: string[], ...codes: string[]) => codes.some((c) => list.includes(c));

const CASES: Case[] = [
  // The whole directory, default sort (updated), paged.
  { name: 'no filter', rest: 'limit=7', gql: 'first: 7', pages: 3, order: 'updated' },

  // Taxonomy filters, one value and several (OR within a filter).
  {
    name: 'one condition',
    rest: 'condition=depression',
    gql: 'filter: { condition: ["depression"] }',
    every: (g) => has(g.conditions, 'depression'),
  },
  {
    name: 'two conditions (OR), paged',
    rest: 'condition=depression,anxiety&limit=10',
    gql: 'filter: { condition: ["depression", "anxiety"] }, first: 10',
    pages: 3,
    every: (g) => has(g.conditions, 'depression', 'anxiety'),
  },
  {
    name: 'three conditions',
    rest: 'condition=ptsd,ocd,grief_loss&limit=30',
    gql: 'filter: { condition: ["ptsd", "ocd", "grief_loss"] }, first: 30',
    every: (g) => has(g.conditions, 'ptsd', 'ocd', 'grief_loss'),
  },
  {
    name: 'one affinity',
    rest: 'affinity=lgbtq',
    gql: 'filter: { affinity: ["lgbtq"] }',
    every: (g) => has(g.affinities, 'lgbtq'),
  },
  {
    name: 'two affinities with a condition',
    rest: 'affinity=veterans_military,women&condition=ptsd,depression,anxiety',
    gql: 'filter: { affinity: ["veterans_military", "women"], condition: ["ptsd", "depression", "anxiety"] }',
    every: (g) => has(g.affinities, 'veterans_military', 'women'),
  },
  {
    name: 'attendance online',
    rest: 'attendance=online&limit=5',
    gql: 'filter: { attendance: [ONLINE] }, first: 5',
    pages: 3,
    every: (g) => g.attendance === 'online',
  },
  {
    name: 'attendance in person or hybrid',
    rest: 'attendance=in_person,hybrid',
    gql: 'filter: { attendance: [IN_PERSON, HYBRID] }',
    every: (g) => g.attendance !== 'online',
  },
  {
    name: 'one language',
    rest: 'language=es',
    gql: 'filter: { language: ["es"] }',
    every: (g) => has(g.languages, 'es'),
  },
  {
    name: 'several languages',
    rest: 'language=zh,ko,ru,vi',
    gql: 'filter: { language: ["zh", "ko", "ru", "vi"] }',
    every: (g) => has(g.languages, 'zh', 'ko', 'ru', 'vi'),
  },
  {
    name: 'accessibility',
    rest: 'accessibility=wheelchair_accessible,asl_interpretation',
    gql: 'filter: { accessibility: ["wheelchair_accessible", "asl_interpretation"] }',
    every: (g) => has(g.accessibility, 'wheelchair_accessible', 'asl_interpretation'),
  },
  {
    name: 'facilitation',
    rest: 'facilitation=professional,co_facilitated',
    gql: 'filter: { facilitation: [PROFESSIONAL, CO_FACILITATED] }',
    every: (g) => g.facilitation !== 'peer_led',
  },
  {
    name: 'cost',
    rest: 'cost=sliding_scale,donation',
    gql: 'filter: { cost: [SLIDING_SCALE, DONATION] }',
    every: (g) => g.cost === 'sliding_scale' || g.cost === 'donation',
  },
  {
    name: 'access',
    rest: 'access=registration,closed',
    gql: 'filter: { access: [REGISTRATION, CLOSED] }',
    every: (g) => g.access !== 'open',
  },
  {
    name: 'days',
    rest: 'day=sat,sun',
    gql: 'filter: { day: [SAT, SUN] }',
    every: (g) => g.meetingDays.some((d) => d === 'sat' || d === 'sun'),
  },
  {
    name: 'time of day',
    rest: 'time_of_day=morning',
    gql: 'filter: { timeOfDay: [MORNING] }',
  },
  {
    name: 'day and time of day together',
    rest: 'day=tue&time_of_day=evening&condition=bipolar,depression',
    gql: 'filter: { day: [TUE], timeOfDay: [EVENING], condition: ["bipolar", "depression"] }',
    every: (g) => g.meetingDays.includes('tue'),
  },
  {
    name: 'age',
    rest: 'age=16',
    gql: 'filter: { age: 16 }',
    every: (g) => (g.ageMin ?? 0) <= 16 && (g.ageMax ?? 120) >= 16,
  },

  // Places.
  {
    name: 'near a ZIP, radius in miles',
    rest: 'near=10001&radius=10mi&attendance=in_person,hybrid',
    gql: 'near: { place: "10001", radius: "10mi" }, filter: { attendance: [IN_PERSON, HYBRID] }',
    order: 'distance',
    every: (g) => g.distanceMi !== null && g.distanceMi <= 10,
  },
  {
    name: 'near a ZIP, radius in km, online groups included, paged',
    rest: 'near=60601&radius=30km&limit=4',
    gql: 'near: { place: "60601", radius: "30km" }, first: 4',
    pages: 3,
    order: 'distance',
    every: (g) => g.distanceKm === null || g.distanceKm <= 30,
  },
  {
    name: 'near "lat,lng"',
    rest: 'near=47.6062,-122.3321&radius=20km&attendance=in_person',
    gql: 'near: { place: "47.6062,-122.3321", radius: "20km" }, filter: { attendance: [IN_PERSON] }',
    order: 'distance',
    every: (g) => g.distanceKm !== null && g.distanceKm <= 20,
  },
  {
    name: 'near "Austin, TX"',
    rest: 'near=Austin%2C%20TX&attendance=in_person',
    gql: 'near: { place: "Austin, TX" }, filter: { attendance: [IN_PERSON] }',
    order: 'distance',
    every: (g) => g.region === 'TX',
  },
  {
    name: 'near "London"',
    rest: 'near=London&radius=30km&attendance=in_person,hybrid',
    gql: 'near: { place: "London", radius: "30km" }, filter: { attendance: [IN_PERSON, HYBRID] }',
    order: 'distance',
    every: (g) => g.country === 'GB',
  },

  // Text: typos, synonyms, with filters.
  {
    name: 'q with a typo: bipolr',
    rest: 'q=bipolr',
    gql: 'filter: { q: "bipolr" }',
    some: (g) => has(g.conditions, 'bipolar'),
  },
  {
    name: 'q with a typo: depresion',
    rest: 'q=depresion&limit=6',
    gql: 'filter: { q: "depresion" }, first: 6',
    pages: 3,
    some: (g) => has(g.conditions, 'depression'),
  },
  {
    name: 'q with a typo: anxeity',
    rest: 'q=anxeity',
    gql: 'filter: { q: "anxeity" }',
    some: (g) => has(g.conditions, 'anxiety', 'social_anxiety'),
  },
  {
    name: 'q synonym: trauma',
    rest: 'q=trauma&limit=50',
    gql: 'filter: { q: "trauma" }, first: 50',
    some: (g) => has(g.conditions, 'ptsd'),
  },
  {
    name: 'q synonym: addiction',
    rest: 'q=addiction&limit=50',
    gql: 'filter: { q: "addiction" }, first: 50',
    some: (g) => has(g.conditions, 'substance_use', 'alcohol', 'opioid_use', 'gambling'),
  },
  {
    name: 'q synonym: trastorno bipolar',
    rest: 'q=trastorno%20bipolar',
    gql: 'filter: { q: "trastorno bipolar" }',
    some: (g) => has(g.conditions, 'bipolar'),
  },
  {
    name: 'q with filters (the kitchen sink)',
    rest: 'q=bipolr&affinity=lgbtq&attendance=online&language=es&day=tue&time_of_day=evening',
    gql: 'filter: { q: "bipolr", affinity: ["lgbtq"], attendance: [ONLINE], language: ["es"], day: [TUE], timeOfDay: [EVENING] }',
    every: (g) => has(g.conditions, 'bipolar') && g.attendance === 'online',
  },
  {
    name: 'q with filters and a place',
    rest: 'q=depression&near=10001&radius=25mi&cost=free',
    gql: 'filter: { q: "depression", cost: [FREE] }, near: { place: "10001", radius: "25mi" }',
    every: (g) => g.cost === 'free',
  },

  // Every sort.
  {
    name: 'sort RELEVANCE, paged',
    rest: 'q=anxiety&sort=relevance&limit=5',
    gql: 'filter: { q: "anxiety" }, sort: RELEVANCE, first: 5',
    pages: 3,
  },
  {
    name: 'sort RELEVANCE without q falls back to the default',
    rest: 'condition=grief_loss&sort=relevance',
    gql: 'filter: { condition: ["grief_loss"] }, sort: RELEVANCE',
    order: 'updated',
  },
  {
    name: 'sort DISTANCE, paged by two',
    rest: 'near=Chicago%2C%20IL&sort=distance&attendance=in_person,hybrid&limit=2',
    gql: 'near: { place: "Chicago, IL" }, sort: DISTANCE, filter: { attendance: [IN_PERSON, HYBRID] }, first: 2',
    pages: 3,
    order: 'distance',
  },
  {
    name: 'sort NEXT_MEETING, paged',
    rest: 'sort=next_meeting&limit=10',
    gql: 'sort: NEXT_MEETING, first: 10',
    pages: 3,
    order: 'next_meeting',
  },
  {
    name: 'sort NEXT_MEETING with a place and a condition',
    rest: 'near=10001&condition=depression,anxiety&sort=next_meeting&limit=8',
    gql: 'near: { place: "10001" }, filter: { condition: ["depression", "anxiety"] }, sort: NEXT_MEETING, first: 8',
    pages: 3,
    order: 'next_meeting',
  },
  {
    name: 'sort UPDATED with q',
    rest: 'q=depression&sort=updated&limit=15',
    gql: 'filter: { q: "depression" }, sort: UPDATED, first: 15',
    pages: 2,
    order: 'updated',
  },

  // Facets.
  {
    name: 'facets over the whole directory',
    rest: 'facets=condition,affinity,attendance,language,day&limit=1',
    gql: 'facets: [CONDITION, AFFINITY, ATTENDANCE, LANGUAGE, DAY], first: 1',
  },
  {
    name: 'facets with filters (disjunctive counts)',
    rest: 'condition=depression&attendance=online&facets=condition,attendance,time_of_day,cost,accessibility,facilitation,access&limit=3',
    gql: 'filter: { condition: ["depression"], attendance: [ONLINE] }, facets: [CONDITION, ATTENDANCE, TIME_OF_DAY, COST, ACCESSIBILITY, FACILITATION, ACCESS], first: 3',
  },
  {
    name: 'facets with q and a place, paged',
    rest: 'q=anxiety&near=Austin%2C%20TX&facets=day,language&limit=3',
    gql: 'filter: { q: "anxiety" }, near: { place: "Austin, TX" }, facets: [DAY, LANGUAGE], first: 3',
    pages: 3,
  },

  // Small pages.
  {
    name: 'one group a page',
    rest: 'condition=bipolar&limit=1',
    gql: 'filter: { condition: ["bipolar"] }, first: 1',
    pages: 3,
  },

  // Deliberately empty.
  {
    name: 'nothing matches',
    rest: 'condition=hoarding&affinity=deaf_hard_of_hearing&language=ht&day=mon&time_of_day=night&facets=condition',
    gql: 'filter: { condition: ["hoarding"], affinity: ["deaf_hard_of_hearing"], language: ["ht"], day: [MON], timeOfDay: [NIGHT] }, facets: [CONDITION]',
    empty: true,
  },
];

// ---------------------------------------------------------------------------------------------
// Both answers in one shape

interface FacetDto {
  name: string;
  values: { value: string; count: number }[];
}

/** What is compared of each group, field by field. */
interface View {
  id: string;
  conditions: string[];
  affinities: string[];
  languages: string[];
  accessibility: string[];
  attendance: string;
  facilitation: string;
  cost: string;
  access: string;
  ageMin: number | null;
  ageMax: number | null;
  region: string | null;
  country: string | null;
  approximate: boolean | null;
  meetingDays: string[];
  nextMeeting: string | null;
  meetings: { id: string; nextStart: string | null }[];
  distanceKm: number | null;
  distanceMi: number | null;
  updatedAt: string;
}

interface Page {
  groups: View[];
  total: number;
  next: string | null;
  facets: FacetDto[];
  place: { label: string; lat: number; lng: number; radiusKm: number } | null;
  engine: string;
}

interface RestGroup {
  id: string;
  conditions: string[];
  affinities: string[];
  languages: string[];
  accessibility: string[];
  attendance: string;
  facilitation: string;
  cost: string;
  access: string;
  age_range: { min: number | null; max: number | null } | null;
  location: { region: string | null; country: string | null; approximate: boolean } | null;
  meetings: { id: string; day: string; next_start: string | null }[];
  next_meeting: string | null;
  distance_km: number | null;
  distance_mi: number | null;
  updated_at: string;
}

interface RestList {
  data: RestGroup[];
  meta: {
    total: number;
    next_cursor: string | null;
    engine: string;
    place: { label: string; lat: number; lng: number; radius_km: number } | null;
  };
  facets?: Record<string, { value: string; count: number }[]>;
}

interface GqlGroup {
  id: string;
  conditions: { code: string }[];
  affinities: { code: string }[];
  languages: string[];
  accessibility: { code: string }[];
  attendance: string;
  facilitation: string;
  cost: string;
  access: string;
  ageRange: { min: number | null; max: number | null } | null;
  location: { region: string | null; country: string | null; approximate: boolean } | null;
  meetings: { id: string; day: string; nextStart: string | null }[];
  nextMeeting: string | null;
  distanceKm: number | null;
  distanceMi: number | null;
  updatedAt: string;
}

interface GqlConnection {
  totalCount: number;
  engine: string;
  place: Page['place'];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
  nodes: GqlGroup[];
  facets: FacetDto[];
}

function fromRest(body: RestList): Page {
  return {
    groups: body.data.map((g) => ({
      id: g.id,
      conditions: g.conditions,
      affinities: g.affinities,
      languages: g.languages,
      accessibility: g.accessibility,
      attendance: g.attendance,
      facilitation: g.facilitation,
      cost: g.cost,
      access: g.access,
      ageMin: g.age_range?.min ?? null,
      ageMax: g.age_range?.max ?? null,
      region: g.location?.region ?? null,
      country: g.location?.country ?? null,
      approximate: g.location?.approximate ?? null,
      meetingDays: g.meetings.map((m) => m.day),
      nextMeeting: g.next_meeting,
      meetings: g.meetings.map((m) => ({ id: m.id, nextStart: m.next_start })),
      distanceKm: g.distance_km,
      distanceMi: g.distance_mi,
      updatedAt: g.updated_at,
    })),
    total: body.meta.total,
    next: body.meta.next_cursor,
    facets: Object.entries(body.facets ?? {}).map(([name, values]) => ({ name: name.toUpperCase(), values })),
    place: body.meta.place && {
      label: body.meta.place.label,
      lat: body.meta.place.lat,
      lng: body.meta.place.lng,
      radiusKm: body.meta.place.radius_km,
    },
    engine: body.meta.engine,
  };
}

const lower = (value: string) => value.toLowerCase();

function fromGraphql(c: GqlConnection): Page {
  return {
    groups: c.nodes.map((g) => ({
      id: g.id,
      conditions: g.conditions.map((x) => x.code),
      affinities: g.affinities.map((x) => x.code),
      languages: g.languages,
      accessibility: g.accessibility.map((x) => x.code),
      attendance: lower(g.attendance),
      facilitation: lower(g.facilitation),
      cost: lower(g.cost),
      access: lower(g.access),
      ageMin: g.ageRange?.min ?? null,
      ageMax: g.ageRange?.max ?? null,
      region: g.location?.region ?? null,
      country: g.location?.country ?? null,
      approximate: g.location?.approximate ?? null,
      meetingDays: g.meetings.map((m) => lower(m.day)),
      nextMeeting: g.nextMeeting,
      meetings: g.meetings.map((m) => ({ id: m.id, nextStart: m.nextStart })),
      distanceKm: g.distanceKm,
      distanceMi: g.distanceMi,
      updatedAt: g.updatedAt,
    })),
    total: c.totalCount,
    next: c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null,
    facets: c.facets,
    place: c.place,
    engine: c.engine,
  };
}

// ---------------------------------------------------------------------------------------------
// The two front ends

async function rest(t: Test, query: string, cursor: string | null): Promise<Page> {
  const url = `/v1/groups?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const res = await app.inject({ url });
  t.equal(res.statusCode, 200, `REST ${url}: ${res.statusCode === 200 ? 'ok' : res.body}`);
  return fromRest(res.json() as RestList);
}

const SELECTION = `
  totalCount engine
  place { label lat lng radiusKm }
  pageInfo { hasNextPage endCursor }
  edges { cursor node { id } }
  nodes {
    id attendance facilitation cost access languages updatedAt nextMeeting distanceKm distanceMi
    conditions { code } affinities { code } accessibility { code }
    ageRange { min max } location { region country approximate }
    meetings { id day nextStart }
  }
  facets { name values { value count } }`;

/** The case's arguments plus `after` as a variable: one document for all pages of a case. */
const documentFor = (args: string) =>
  `query Parity($after: String) { groups(${args ? `${args}, ` : ''}after: $after) { ${SELECTION} } }`;

async function graphql(t: Test, args: string, after: string | null): Promise<Page> {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: documentFor(args), variables: { after } },
  });
  const body = res.json() as { data: { groups: GqlConnection } | null; errors?: unknown[] };
  t.equal(res.statusCode, 200, `GraphQL groups(${args}): ${res.statusCode === 200 ? 'ok' : res.body}`);
  t.notOk(body.errors, 'no GraphQL errors');
  const connection = body.data!.groups;
  // Relay edges carry the same ids, and the last edge's cursor is the endCursor.
  t.same(
    connection.edges.map((e) => e.node.id),
    connection.nodes.map((n) => n.id),
    'edges and nodes agree',
  );
  if (connection.pageInfo.hasNextPage)
    t.equal(connection.edges.at(-1)?.cursor, connection.pageInfo.endCursor);
  return fromGraphql(connection);
}

function compare(t: Test, label: string, r: Page, g: Page) {
  t.same(
    g.groups.map((x) => x.id),
    r.groups.map((x) => x.id),
    `${label}: same ids in the same order`,
  );
  t.equal(g.total, r.total, `${label}: same total`);
  t.same(g.facets, r.facets, `${label}: same facets`);
  t.same(g.place, r.place, `${label}: same place`);
  t.equal(g.engine, r.engine, `${label}: same engine`);
  t.equal(g.next, r.next, `${label}: same next cursor`);
  const restById = new Map(r.groups.map((x) => [x.id, x]));
  for (const gg of g.groups) {
    const rg = restById.get(gg.id);
    if (!rg) continue; // already reported by the id comparison
    t.same(
      { distanceKm: gg.distanceKm, distanceMi: gg.distanceMi, nextMeeting: gg.nextMeeting },
      { distanceKm: rg.distanceKm, distanceMi: rg.distanceMi, nextMeeting: rg.nextMeeting },
      `${label}: distance and next meeting of ${gg.id}`,
    );
    t.same(gg, rg, `${label}: every compared field of ${gg.id}`);
  }
}

function checkOrder(t: Test, order: NonNullable<Case['order']>, groups: View[]) {
  const keys =
    order === 'distance'
      ? // Approximate locations show whole units, so only exact ones can be held to the order.
        groups
          .filter((g) => g.approximate === false)
          .map((g) => g.distanceKm)
          .filter((d): d is number => d !== null)
      : order === 'next_meeting'
        ? groups
            .map((g) => g.nextMeeting)
            .filter((d): d is string => d !== null)
            .map((d) => Date.parse(d))
        : groups.map((g) => -Date.parse(g.updatedAt));
  t.ok(keys.length > 0, `${order}: something to order`);
  const bad = keys.findIndex((k, i) => i > 0 && k < keys[i - 1]!);
  t.equal(bad, -1, `ordered by ${order}`);
}

// ---------------------------------------------------------------------------------------------
// The suite

const todo = (c: Case) => (c.knownEmpty ? { todo: c.knownEmpty } : {});

t.ok(CASES.length >= 30, `${CASES.length} cases`);

for (const c of CASES) {
  t.test(c.name, async (t) => {
    const pages = c.pages ?? 1;
    const all: View[] = [];
    let restCursor: string | null = null;
    let gqlCursor: string | null = null;
    let firstTotal = -1;
    for (let n = 1; n <= pages; n++) {
      const label = `page ${n}`;
      const r = await rest(t, c.rest, restCursor);
      const g = await graphql(t, c.gql, gqlCursor);
      compare(t, label, r, g);

      if (c.empty) {
        t.equal(r.total, 0, 'deliberately empty');
        t.equal(r.groups.length, 0);
        t.equal(r.next, null);
      } else {
        t.ok(r.groups.length > 0, `${label} is not empty (total ${r.total})`, todo(c));
      }
      if (n === 1) firstTotal = r.total;
      else t.equal(r.total, firstTotal, `${label}: total stays the same while paging`);
      if (n < pages) t.ok(r.next, `${label} has a next page`);

      const seen = new Set(all.map((x) => x.id));
      t.notOk(
        r.groups.some((x) => seen.has(x.id)),
        `${label} repeats no group of an earlier page`,
      );
      if (n === 1 && c.some) t.ok(r.groups.some(c.some), `${label}: some group fits the case`, todo(c));
      all.push(...r.groups);
      // Each side follows its own cursor.
      restCursor = r.next;
      gqlCursor = g.next;
      if (!restCursor) break;
    }
    if (c.every) {
      const misfits = all.filter((x) => !c.every!(x)).map((x) => x.id);
      t.same(misfits, [], 'every group fits the case');
    }
    if (c.order && !c.empty) checkOrder(t, c.order, all);
  });
}

t.test('a cursor from one front end works on the other', async (t) => {
  const c = CASES.find((x) => x.name === 'sort NEXT_MEETING, paged')!;
  const r1 = await rest(t, c.rest, null);
  const g1 = await graphql(t, c.gql, null);
  t.ok(r1.next);
  const gFromRest = await graphql(t, c.gql, r1.next);
  const rFromGql = await rest(t, c.rest, g1.next);
  compare(t, 'REST cursor on GraphQL', rFromGql, gFromRest);
  t.ok(gFromRest.groups.length > 0);
});

// A cursor pins the "now" of the first page, so a page fetched later shows the same next
// meetings as if it had been fetched at once. Here the clock moves on between pages.
// Known mismatch: GraphQL's Group.meetings loader (groups.resolvers.ts) calls meetingsByGroup()
// without the page's pinned now, so on a later page meetings { nextStart } uses the current clock
// while nextMeeting (and REST's meetings[].next_start) use the cursor's now.

t.test('paging later keeps the "now" of the first page on both sides', async (t) => {
  let now = NOW;
  const later = await buildTestApp(t, { demo: true, clock: () => now });
  const query = 'sort=next_meeting&limit=5';
  const args = 'sort: NEXT_MEETING, first: 5';
  const restOn = async (cursor: string | null) => {
    const res = await later.app.inject({
      url: `/v1/groups?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    });
    t.equal(res.statusCode, 200, res.body);
    return fromRest(res.json() as RestList);
  };
  const graphqlOn = async (after: string | null) => {
    const res = await later.app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: documentFor(args), variables: { after } },
    });
    t.equal(res.statusCode, 200, res.body);
    return fromGraphql((res.json() as { data: { groups: GqlConnection } }).data.groups);
  };
  const r1 = await restOn(null);
  const g1 = await graphqlOn(null);
  compare(t, 'page 1', r1, g1);
  t.ok(r1.next);

  now = new Date(NOW.getTime() + 8 * 86_400_000);
  const r2 = await restOn(r1.next);
  const g2 = await graphqlOn(g1.next);
  t.same(
    g2.groups.map((x) => x.id),
    r2.groups.map((x) => x.id),
    'page 2: same ids in the same order',
  );
  t.ok(r2.groups.length > 0);
  // On each side a group's next meeting is the earliest next start of its meetings.
  for (const [side, page] of [
    ['REST', r2],
    ['GraphQL', g2],
  ] as const) {
    const starts = page.groups.flatMap((g) => g.meetings.map((m) => m.nextStart)).filter((s) => s !== null);
    t.ok(starts.length > 0, `${side}: meetings have next starts`);
    const inconsistent = page.groups
      .filter((g) => g.nextMeeting !== null)
      .filter((g) => {
        const earliest = Math.min(
          ...g.meetings.map((m) => (m.nextStart ? Date.parse(m.nextStart) : Infinity)),
        );
        return earliest !== Date.parse(g.nextMeeting!);
      })
      .map((g) => g.id);
    t.same(inconsistent, [], `${side}: nextMeeting is the earliest meeting nextStart on page 2`);
  }
  for (const gg of g2.groups) {
    const rg = r2.groups.find((x) => x.id === gg.id);
    if (rg) t.same(gg.meetings, rg.meetings, `page 2: meetings of ${gg.id}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Errors: the same code, and GraphQL names its own argument

interface ErrorCase {
  name: string;
  rest: string;
  gql: string;
  code: string;
  /** invalid_params[0].name: REST parameter, then GraphQL argument. */
  restParam: string;
  gqlParam: string;
}

const ERROR_CASES: ErrorCase[] = [
  {
    name: 'page too large',
    rest: 'limit=101',
    gql: 'first: 101',
    code: 'invalid_parameter',
    restParam: 'limit',
    gqlParam: 'first',
  },
  {
    name: 'page of zero',
    rest: 'limit=0',
    gql: 'first: 0',
    code: 'invalid_parameter',
    restParam: 'limit',
    gqlParam: 'first',
  },
  {
    name: 'unknown condition',
    rest: 'condition=depression,not_a_condition',
    gql: 'filter: { condition: ["depression", "not_a_condition"] }',
    code: 'invalid_parameter',
    restParam: 'condition',
    gqlParam: 'filter.condition',
  },
  {
    name: 'unknown language',
    rest: 'language=xx',
    gql: 'filter: { language: ["xx"] }',
    code: 'invalid_parameter',
    restParam: 'language',
    gqlParam: 'filter.language',
  },
  {
    name: 'age out of range',
    rest: 'age=121',
    gql: 'filter: { age: 121 }',
    code: 'invalid_parameter',
    restParam: 'age',
    gqlParam: 'filter.age',
  },
  {
    name: 'organization is not a uuid',
    rest: 'organization=nope',
    gql: 'filter: { organization: "nope" }',
    code: 'invalid_parameter',
    restParam: 'organization',
    gqlParam: 'filter.organization',
  },
  {
    name: 'q too long',
    rest: `q=${'a'.repeat(201)}`,
    gql: `filter: { q: "${'a'.repeat(201)}" }`,
    code: 'invalid_parameter',
    restParam: 'q',
    gqlParam: 'filter.q',
  },
  {
    name: 'a place we do not know',
    rest: 'near=Nowhereville%2C%20ZZ',
    gql: 'near: { place: "Nowhereville, ZZ" }',
    code: 'invalid_parameter',
    restParam: 'near',
    gqlParam: 'near.place',
  },
  {
    name: 'coordinates out of range',
    rest: 'near=91,200',
    gql: 'near: { place: "91,200" }',
    code: 'invalid_parameter',
    restParam: 'near',
    gqlParam: 'near.place',
  },
  {
    name: 'negative radius',
    rest: 'near=10001&radius=-5mi',
    gql: 'near: { place: "10001", radius: "-5mi" }',
    code: 'invalid_parameter',
    restParam: 'radius',
    gqlParam: 'near.radius',
  },
  {
    name: 'radius without a unit',
    rest: 'near=10001&radius=25',
    gql: 'near: { place: "10001", radius: "25" }',
    code: 'invalid_parameter',
    restParam: 'radius',
    gqlParam: 'near.radius',
  },
  {
    name: 'radius too large',
    rest: 'near=10001&radius=900km',
    gql: 'near: { place: "10001", radius: "900km" }',
    code: 'invalid_parameter',
    restParam: 'radius',
    gqlParam: 'near.radius',
  },
  {
    name: 'malformed cursor',
    rest: 'cursor=not-a-cursor',
    gql: 'after: "not-a-cursor"',
    code: 'invalid_cursor',
    restParam: 'cursor',
    gqlParam: 'after',
  },
  {
    name: 'sort DISTANCE without near',
    rest: 'sort=distance',
    gql: 'sort: DISTANCE',
    code: 'invalid_parameter',
    restParam: 'sort',
    gqlParam: 'sort',
  },
];

interface ProblemBody {
  code: string;
  invalid_params?: { name: string; reason: string }[];
}

interface GqlErrorBody {
  data: unknown;
  errors?: { message: string; extensions: ProblemBody }[];
}

async function bothErrors(t: Test, restQuery: string, gqlArgs: string) {
  const r = await app.inject({ url: `/v1/groups?${restQuery}` });
  t.equal(r.statusCode, 400, `REST ${restQuery} is refused`);
  const g = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: `{ groups(${gqlArgs}) { totalCount nodes { id } } }` },
  });
  const gBody = g.json() as GqlErrorBody;
  t.equal(g.statusCode, 400, `GraphQL ${gqlArgs} is refused`);
  t.equal(gBody.data, null, 'no data');
  t.equal(gBody.errors?.length, 1, 'one error');
  return { rest: r.json() as ProblemBody, graphql: gBody.errors?.[0]?.extensions };
}

t.ok(ERROR_CASES.length >= 6, `${ERROR_CASES.length} error cases`);

for (const e of ERROR_CASES) {
  t.test(`error: ${e.name}`, async (t) => {
    const { rest: r, graphql: g } = await bothErrors(t, e.rest, e.gql);
    t.equal(r.code, e.code, 'REST code');
    t.equal(g?.code, r.code, 'GraphQL has the same code');
    t.equal(r.invalid_params?.[0]?.name, e.restParam, 'REST names the parameter');
    t.equal(g?.invalid_params?.[0]?.name, e.gqlParam, 'GraphQL names its argument');
    t.equal(g?.invalid_params?.[0]?.reason, r.invalid_params?.[0]?.reason, 'and gives the same reason');
  });
}

t.test('error: a cursor of another query', async (t) => {
  const first = await rest(t, 'condition=depression&limit=2', null);
  t.ok(first.next);
  const cursor = first.next!;
  const { rest: r, graphql: g } = await bothErrors(
    t,
    `condition=anxiety&limit=2&cursor=${encodeURIComponent(cursor)}`,
    `filter: { condition: ["anxiety"] }, first: 2, after: ${JSON.stringify(cursor)}`,
  );
  t.equal(r.code, 'invalid_cursor');
  t.equal(g?.code, 'invalid_cursor');
  t.equal(g?.invalid_params?.[0]?.name, 'after');
});

t.test('error: a page size passed as a variable is refused like a literal one', async (t) => {
  const r = await app.inject({ url: '/v1/groups?limit=101' });
  const g = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: {
      query: 'query Sized($first: Int) { groups(first: $first) { totalCount } }',
      variables: { first: 101 },
    },
  });
  const problem = r.json() as ProblemBody;
  const error = (g.json() as GqlErrorBody).errors?.[0]?.extensions;
  t.equal(r.statusCode, 400);
  t.equal(g.statusCode, 400);
  t.equal(error?.code, problem.code);
  t.equal(error?.invalid_params?.[0]?.name, 'first');
  t.equal(error?.invalid_params?.[0]?.reason, problem.invalid_params?.[0]?.reason);
});
