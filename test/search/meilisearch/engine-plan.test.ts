// The engine's pure parts: the multi-search request it sends for a query, and how it reads the
// answer (offsets as sort keys, exhaustive totals, facet order, distances, next-meeting order).
// No server here: engine.test.ts runs the same engine against a real Meilisearch.
import type { Meilisearch } from 'meilisearch';
import t from 'tap';
import {
  facetValues,
  MeilisearchSearchEngine,
  nextMeetingKey,
  pageWindow,
  planSearch,
  readResults,
  sortFor,
} from '../../../src/search/meilisearch/engine.js';
import type { SearchEngine, SearchQuery } from '../../../src/search/query.js';
import { NOW, searchQuery } from './support.js';

const FRESH = 'verified_at >= 1763985600';
const IDS = Array.from({ length: 60 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

t.test('pageWindow: any offset is one exhaustive page, over-fetching at most about a page', async (t) => {
  t.same(pageWindow(0, 20), { page: 1, hitsPerPage: 20, skip: 0 });
  t.same(pageWindow(20, 20), { page: 2, hitsPerPage: 20, skip: 0 }, 'aligned pages read exactly');
  t.same(pageWindow(37, 20), { page: 2, hitsPerPage: 29, skip: 8 });
  t.same(pageWindow(1, 20), { page: 1, hitsPerPage: 21, skip: 1 });
  for (const limit of [1, 3, 20, 100]) {
    for (let start = 0; start < 3000; start += 7) {
      const { page, hitsPerPage, skip } = pageWindow(start, limit);
      const first = (page - 1) * hitsPerPage;
      if (
        first + skip !== start ||
        skip + limit > hitsPerPage ||
        hitsPerPage > 2 * limit + Math.sqrt(start) + 2
      ) {
        t.fail(`start ${start} limit ${limit}: page ${page} of ${hitsPerPage}, skip ${skip}`);
      }
    }
  }
  t.throws(() => pageWindow(-1, 20));
  t.throws(() => pageWindow(0, 0));
});

t.test('the page query: text as raw words, every match counted, sort per query', async (t) => {
  const plan = planSearch(searchQuery({ q: 'Trastorno bipolar, "ayuda" -online', limit: 10 }), 'groups');
  t.same(plan.queries, [
    {
      indexUid: 'groups',
      q: 'trastorno bipolar ayuda online',
      matchingStrategy: 'all',
      filter: FRESH,
      page: 1,
      hitsPerPage: 10,
      attributesToRetrieve: ['id', '_geo'],
    },
  ]);
  t.equal(plan.start, 0);

  const after = planSearch(searchQuery({ after: { key: 36, id: IDS[36]! }, limit: 20 }), 'groups');
  t.same(after.queries[0], {
    indexUid: 'groups',
    filter: FRESH,
    page: 2,
    hitsPerPage: 29,
    attributesToRetrieve: ['id', '_geo'],
    sort: ['updated_at:desc', 'id:desc'],
  });
  t.equal(after.start, 37, 'the page after position 36 starts at 37');
  t.equal(after.skip, 8);
});

t.test('sorts', async (t) => {
  const near = { lat: 40.7506, lng: -73.9885, meters: 40_233.6 };
  t.same(sortFor(searchQuery({ q: 'anxiety' })), undefined, 'relevance: the ranking rules');
  t.same(sortFor(searchQuery({ sort: 'relevance' })), ['id:desc'], 'relevance without text: Postgres ties');
  t.same(sortFor(searchQuery({ sort: 'distance', near })), ['_geoPoint(40.7506, -73.9885):asc', 'id:asc']);
  t.same(sortFor(searchQuery({ sort: 'updated' })), ['updated_at:desc', 'id:desc']);
  t.same(sortFor(searchQuery({ sort: 'next_meeting' })), undefined);
});

t.test('disjunctive facets: on the page query when unfiltered, else one query per filter', async (t) => {
  const plan = planSearch(
    searchQuery({
      filters: { condition: ['depression'], day: ['tue'], time_of_day: ['evening'] },
      facets: ['condition', 'cost', 'language', 'day', 'time_of_day'],
    }),
    'groups',
  );
  const main = `${FRESH} AND conditions IN ["depression"] AND schedule_slots IN ["tue:evening"]`;
  t.equal(plan.queries[0]?.filter, main);
  t.same(plan.queries[0]?.facets, ['cost', 'languages'], 'facets without their own filter ride on the page');
  t.same(
    plan.queries
      .slice(1)
      .map((q) => ({ filter: q.filter, facets: q.facets, page: q.page, hitsPerPage: q.hitsPerPage })),
    [
      {
        filter: `${FRESH} AND schedule_slots IN ["tue:evening"]`,
        facets: ['conditions'],
        page: 1,
        hitsPerPage: 0,
      },
      {
        filter: `${FRESH} AND conditions IN ["depression"] AND schedule_slots IN ["mon:evening", "tue:evening", "wed:evening", "thu:evening", "fri:evening", "sat:evening", "sun:evening"]`,
        facets: ['meeting_days'],
        page: 1,
        hitsPerPage: 0,
      },
      {
        filter: `${FRESH} AND conditions IN ["depression"] AND meeting_days IN ["tue"]`,
        facets: ['times_of_day'],
        page: 1,
        hitsPerPage: 0,
      },
    ],
  );
  t.same(plan.facetQuery, { condition: 1, cost: 0, language: 0, day: 2, time_of_day: 3 });

  const withText = planSearch(
    searchQuery({ q: 'grief', filters: { cost: ['free'] }, facets: ['cost'] }),
    'g',
  );
  t.equal(withText.queries[1]?.q, 'grief', 'facet queries search the same text');
  t.equal(withText.queries[1]?.matchingStrategy, 'all');
});

t.test('reading a page: offsets as sort keys, exhaustive totals, facets in Postgres order', async (t) => {
  const query = searchQuery({ after: { key: 36, id: IDS[36]! }, limit: 20, facets: ['cost', 'language'] });
  const plan = planSearch(query, 'groups');
  const hits = IDS.slice(29, 58).map((id) => ({ id }));
  const result = readResults(query, plan, [
    {
      hits,
      totalHits: 59,
      facetDistribution: { cost: { free: 40, donation: 12, fee: 0 }, languages: { es: 7, en: 52, fr: 7 } },
    },
  ]);
  t.same(
    result.hits.map((h) => h.id),
    IDS.slice(37, 57),
  );
  t.same(
    result.hits.map((h) => h.sortKey),
    Array.from({ length: 20 }, (_, i) => 37 + i),
  );
  t.equal(result.total, 59);
  t.equal(result.hasMore, true, '57 < 59');
  t.same(result.facets, {
    cost: [
      { value: 'free', count: 40 },
      { value: 'donation', count: 12 },
    ],
    language: [
      { value: 'en', count: 52 },
      { value: 'es', count: 7 },
      { value: 'fr', count: 7 },
    ],
  });

  const last = readResults(query, plan, [{ hits: IDS.slice(29, 50).map((id) => ({ id })), totalHits: 50 }]);
  t.equal(last.hits.length, 13);
  t.equal(last.hasMore, false);
  t.same(last.facets, { cost: [], language: [] }, 'no distribution: no values');

  t.same(facetValues({ social_anxiety: 3, anxiety: 3, 'zh-Hant': 1, ase: 1, Z: 1 }), [
    { value: 'anxiety', count: 3 },
    { value: 'social_anxiety', count: 3 },
    { value: 'Z', count: 1 },
    { value: 'ase', count: 1 },
    { value: 'zh-Hant', count: 1 },
  ]);
});

t.test('distances on the Postgres sphere, null without coordinates', async (t) => {
  const near = { lat: 40.7506, lng: -73.9885, meters: 40_233.6 };
  const query = searchQuery({ near, sort: 'distance' });
  const plan = planSearch(query, 'groups');
  const result = readResults(query, plan, [
    {
      hits: [
        { id: IDS[0]!, _geo: { lat: 40.7506, lng: -73.9885 } },
        { id: IDS[1]!, _geo: { lat: 40.7357, lng: -74.1724 } },
        { id: IDS[2]!, _geo: { lat: '39.9526', lng: '-75.1652' } },
        { id: IDS[3]! },
      ],
      totalHits: 4,
    },
  ]);
  const [here, newark, philadelphia, online] = result.hits.map((h) => h.distanceMeters);
  t.equal(here, 0);
  // Great-circle distances on earthdistance's 6378168 m sphere, as earth_distance() reports them
  // (Meilisearch's own _geoDistance would say 15581 and 133476).
  t.ok(Math.abs(newark! - 15_598.715) < 0.01, `Newark ${newark}`);
  t.ok(Math.abs(philadelphia! - 133_625.984) < 0.01, `Philadelphia ${philadelphia}`);
  t.equal(online, null);

  const noPlace = searchQuery();
  t.equal(
    readResults(noPlace, planSearch(noPlace, 'groups'), [
      { hits: [{ id: IDS[1]!, _geo: { lat: 1, lng: 2 } }] },
    ]).hits[0]?.distanceMeters,
    null,
    'no place, no distance',
  );
});

t.test('next_meeting: fetch the matches, order by the next start after now, then id', async (t) => {
  // NOW is Tuesday 2026-11-24 12:00Z (07:00 in New York, 12:00 in London).
  const weekly = (day: string, start_time: string, timezone: string) => ({
    frequency: 'weekly' as const,
    day,
    week_of_month: null,
    start_time,
    timezone,
  });
  const london = weekly('tue', '18:00', 'Europe/London'); // 2026-11-24T18:00Z
  const newYork = weekly('tue', '19:00', 'America/New_York'); // 2026-11-25T00:00Z
  const lastSat = {
    frequency: 'monthly' as const,
    day: 'sat',
    week_of_month: -1,
    start_time: '10:00',
    timezone: 'America/Chicago',
  }; // 2026-11-28T16:00Z
  const morningPassed = weekly('tue', '06:00', 'America/New_York'); // next week: 2026-12-01T11:00Z
  t.equal(nextMeetingKey([london], NOW), Date.parse('2026-11-24T18:00:00Z') / 1000);
  t.equal(nextMeetingKey([morningPassed, newYork], NOW), Date.parse('2026-11-25T00:00:00Z') / 1000);
  t.equal(nextMeetingKey([lastSat], NOW), Date.parse('2026-11-28T16:00:00Z') / 1000);
  t.equal(nextMeetingKey([], NOW), 1e300);

  const query = searchQuery({ sort: 'next_meeting', limit: 2, facets: ['day'] });
  const plan = planSearch(query, 'groups', { nextMeetingWindow: 500 });
  t.same(plan.queries[0], {
    indexUid: 'groups',
    filter: FRESH,
    page: 1,
    hitsPerPage: 500,
    attributesToRetrieve: ['id', '_geo', 'meetings'],
    facets: ['meeting_days'],
  });
  const hits = [
    { id: IDS[5]!, meetings: [] },
    { id: IDS[4]!, meetings: [morningPassed] },
    { id: IDS[3]!, meetings: [lastSat] },
    { id: IDS[2]!, meetings: [newYork] },
    { id: IDS[1]!, meetings: [london] },
    { id: IDS[0]!, meetings: [newYork, lastSat] },
  ];
  const answer = [{ hits, totalHits: 6, facetDistribution: { meeting_days: { tue: 4, sat: 2 } } }];
  const first = readResults(query, plan, answer);
  t.same(
    first.hits.map((h) => h.id),
    [IDS[1], IDS[0]],
    'London 18:00Z first; two New York 19:00 groups tie and go by id',
  );
  t.same(
    first.hits.map((h) => h.sortKey),
    [0, 1],
  );
  t.equal(first.hasMore, true);
  t.equal(first.total, 6);
  const nextQuery = { ...query, after: { key: 1, id: IDS[0]! } };
  const second = readResults(nextQuery, planSearch(nextQuery, 'groups'), answer);
  t.same(
    second.hits.map((h) => h.id),
    [IDS[2], IDS[3]],
  );
  const thirdQuery = { ...query, after: { key: 3, id: IDS[3]! } };
  const third = readResults(thirdQuery, planSearch(thirdQuery, 'groups'), answer);
  t.same(
    third.hits.map((h) => h.id),
    [IDS[4], IDS[5]],
    'no meetings: last',
  );
  t.equal(third.hasMore, false);
  t.same(first.facets, {
    day: [
      { value: 'tue', count: 4 },
      { value: 'sat', count: 2 },
    ],
  });
});

t.test('a cursor from another engine is refused as a bad cursor, not read as an offset', async (t) => {
  for (const key of [1795162542.123, -1, 1e300]) {
    t.throws(
      () => planSearch(searchQuery({ after: { key, id: IDS[0]! } }), 'groups'),
      { name: 'ProblemError', status: 400, code: 'invalid_cursor' },
      String(key),
    );
  }
});

t.test('a cursor of the fallback engine goes back to the fallback engine', async (t) => {
  const asked: SearchQuery[] = [];
  const postgres: SearchEngine = {
    name: 'postgres',
    search: async (query) => {
      asked.push(query);
      return {
        hits: [{ id: IDS[9]!, sortKey: 1795996800, distanceMeters: null }],
        total: 1200,
        hasMore: true,
        facets: {},
      };
    },
  };
  const unreachable = {
    multiSearch: () => {
      throw new Error('Meilisearch must not be asked for a page of another engine');
    },
  } as unknown as Meilisearch;
  const engine = new MeilisearchSearchEngine({
    client: unreachable,
    indexUid: 'groups',
    timeoutMs: 1000,
    fallback: postgres,
  });
  // Page 2 of a broad next_meeting search that Postgres answered: the key is epoch seconds.
  const query = searchQuery({ sort: 'next_meeting', after: { key: 1795996800, id: IDS[8]! } });
  const result = await engine.search(query);
  t.equal(result.engine, 'postgres');
  t.same(
    result.hits.map((h) => h.id),
    [IDS[9]],
  );
  t.equal(asked[0], query, 'the query as it came');

  const alone = new MeilisearchSearchEngine({ client: unreachable, indexUid: 'groups', timeoutMs: 1000 });
  await t.rejects(alone.search(query), { code: 'invalid_cursor' });
});
