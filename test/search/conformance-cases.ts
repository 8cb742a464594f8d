// Search conformance: one set of cases, with hand-computed answers, that every search engine must
// give on the same data. test/search/conformance-postgres.test.ts runs them against the Postgres
// engine (always); test/search/meilisearch/engine.test.ts against a real Meilisearch (when
// MEILISEARCH_URL is set). The data is GROUPS below, built by the fixtures of meilisearch/support.ts.
import type { Test } from 'tap';
import { toSearchDocument } from '../../src/search/meilisearch/document.js';
import { nextMeetingKey } from '../../src/search/meilisearch/engine.js';
import type { SearchQuery, SearchResult } from '../../src/search/query.js';
import {
  type Fixture,
  fixture,
  ORGANIZATION,
  PLACES,
  searchQuery,
  seedTaxonomy,
} from './meilisearch/support.js';

export const id = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const OTHER_ORGANIZATION = {
  id: 'b0000000-0000-4000-8000-000000000001',
  name: 'Garden State Peer Network',
};
const day = (iso: string) => ({ updatedAt: new Date(iso), createdAt: new Date('2026-05-01T00:00:00Z') });

export interface ConformanceGroup {
  fixture: Fixture;
  organization: typeof ORGANIZATION;
}

// NOW (support.ts) is Tuesday 2026-11-24 12:00Z. "updated" order: G, B, A, H, C, E, D.
export const GROUPS: ConformanceGroup[] = [
  {
    // A: Manhattan, depression, Tuesday evening.
    fixture: fixture(
      {
        name: 'Manhattan Depression Peer Support',
        description: 'A weekly peer support group for adults living with depression.',
        conditions: ['depression'],
        meetings: [{ frequency: 'weekly', day: 'tue', start_time: '19:00', duration_minutes: 90 }],
      },
      { id: id(1), ...day('2026-11-10T10:00:00Z') },
    ),
    organization: ORGANIZATION,
  },
  {
    // B: Newark, Spanish, depression.
    fixture: fixture(
      {
        name: 'Círculo de Apoyo para la Depresión',
        description: 'Grupo de apoyo entre pares, en español, para personas que viven con depresión.',
        conditions: ['depression'],
        affinities: ['latinx'],
        languages: ['es'],
        cost: 'donation',
        location: { ...PLACES.newark, street: '1 Broad St' },
        meetings: [{ frequency: 'weekly', day: 'wed', start_time: '19:30', duration_minutes: 90 }],
      },
      { id: id(2), ...day('2026-11-12T10:00:00Z') },
    ),
    organization: ORGANIZATION,
  },
  {
    // C: Philadelphia (133 km from Manhattan), PTSD.
    fixture: fixture(
      {
        name: 'Veterans Circle',
        description: 'Combat veterans supporting each other.',
        conditions: ['ptsd'],
        affinities: ['veterans_military'],
        location: { ...PLACES.philadelphia },
        meetings: [{ frequency: 'weekly', day: 'thu', start_time: '18:00', duration_minutes: 60 }],
      },
      { id: id(3), ...day('2026-11-05T10:00:00Z') },
    ),
    organization: ORGANIZATION,
  },
  {
    // D: online, no point of origin, anxiety, Tuesday evening.
    fixture: fixture(
      {
        name: 'Online Anxiety Support',
        attendance: 'online',
        conditions: ['anxiety'],
        meetings: [{ frequency: 'weekly', day: 'tue', start_time: '20:00', duration_minutes: 60 }],
      },
      { id: id(4), ...day('2026-11-01T10:00:00Z') },
    ),
    organization: ORGANIZATION,
  },
  {
    // E: online with an approximate point of origin in Austin.
    fixture: fixture(
      {
        name: 'Austin Online Recovery Meeting',
        attendance: 'online',
        conditions: ['substance_use'],
        location: { ...PLACES.austin, street: null, approximate: true },
        meetings: [{ frequency: 'weekly', day: 'mon', start_time: '12:00', duration_minutes: 60 }],
      },
      { id: id(5), ...day('2026-11-03T10:00:00Z') },
    ),
    organization: ORGANIZATION,
  },
  {
    // F: not verified or created for over a year: out of public search.
    fixture: fixture(
      { name: 'Old Grief Group', conditions: ['grief_loss'] },
      { id: id(6), createdAt: new Date('2025-06-01T00:00:00Z'), updatedAt: new Date('2025-06-01T00:00:00Z') },
    ),
    organization: ORGANIZATION,
  },
  {
    // G: Manhattan (same point as A), PTSD and women, 18-30, Tuesday morning and Monday evening.
    fixture: fixture(
      {
        name: 'Trauma-Informed Women’s Group',
        description: 'A small, confidential support circle.',
        conditions: ['ptsd'],
        affinities: ['women'],
        age_min: 18,
        age_max: 30,
        meetings: [
          { frequency: 'weekly', day: 'tue', start_time: '09:00', duration_minutes: 60 },
          { frequency: 'weekly', day: 'mon', start_time: '19:00', duration_minutes: 60 },
        ],
      },
      { id: id(7), ...day('2026-11-20T10:00:00Z') },
    ),
    organization: ORGANIZATION,
  },
  {
    // H: Newark (same point as B), approximate, bipolar, another organization.
    fixture: fixture(
      {
        name: 'Bipolar Support Group',
        conditions: ['bipolar'],
        location: { ...PLACES.newark, street: null, approximate: true },
        meetings: [
          { frequency: 'monthly', day: 'sat', week_of_month: -1, start_time: '10:00', duration_minutes: 90 },
        ],
      },
      { id: id(8), organizationId: OTHER_ORGANIZATION.id, ...day('2026-11-08T10:00:00Z') },
    ),
    organization: OTHER_ORGANIZATION,
  },
];

/** The organizations GROUPS belong to. */
export const ORGANIZATIONS = [ORGANIZATION, OTHER_ORGANIZATION];

const A = id(1);
const B = id(2);
const C = id(3);
const D = id(4);
const E = id(5);
const G = id(7);
const H = id(8);
const MANHATTAN = { lat: PLACES.manhattan.lat, lng: PLACES.manhattan.lng, meters: 40_233.6 };

export type Search = (query: SearchQuery) => Promise<SearchResult>;

/** The conformance cases, as subtests of `t`, against an engine holding GROUPS. */
export function conformance(t: Test, engine: Search, engineName: string): void {
  const ids = (result: SearchResult) => result.hits.map((h) => h.id);
  const search = (overrides: Parameters<typeof searchQuery>[0]) => engine(searchQuery(overrides));
  const taxonomy = seedTaxonomy();

  t.test(
    `${engineName}: every fresh published group, most recently updated first; stale ones are out`,
    async (t) => {
      const result = await search({});
      t.same(ids(result), [G, B, A, H, C, E, D]);
      t.equal(result.total, 7);
      t.equal(result.hasMore, false);
    },
  );

  // Each engine continues from the last hit of the previous page in its own way (Postgres: keyset on
  // sort key and id; Meilisearch: an offset carried in the key): the test only passes the hit along.
  t.test(`${engineName}: pages add up to the whole list`, async (t) => {
    const seen: string[] = [];
    let after: SearchQuery['after'] = null;
    for (let page = 0; page < 5; page++) {
      const result = await search({ limit: 3, after });
      t.equal(result.total, 7, 'exhaustive total on every page');
      seen.push(...ids(result));
      const last = result.hits.at(-1);
      if (!result.hasMore || !last) break;
      after = { key: last.sortKey, id: last.id };
    }
    t.same(seen, [G, B, A, H, C, E, D]);
  });

  t.test(`${engineName}: OR within a filter, AND across, and disjunctive facets`, async (t) => {
    t.same(
      new Set(ids(await search({ filters: { condition: ['depression', 'anxiety'] } }))),
      new Set([A, B, D]),
    );
    const result = await search({
      filters: { condition: ['depression'], language: ['es'] },
      facets: ['condition', 'language', 'cost'],
    });
    t.same(ids(result), [B]);
    t.same(result.facets.condition, [{ value: 'depression', count: 1 }], 'Spanish groups, any condition');
    t.same(result.facets.language, [
      { value: 'en', count: 1 },
      { value: 'es', count: 1 },
    ]);
    t.same(result.facets.cost, [{ value: 'donation', count: 1 }]);
    const all = await search({ facets: ['condition'] });
    t.same(all.facets.condition, [
      { value: 'depression', count: 2 },
      { value: 'ptsd', count: 2 },
      { value: 'anxiety', count: 1 },
      { value: 'bipolar', count: 1 },
      { value: 'substance_use', count: 1 },
    ]);
  });

  t.test(`${engineName}: day and time of day hold for the same meeting`, async (t) => {
    const result = await search({ filters: { day: ['tue'], time_of_day: ['evening'] }, facets: ['day'] });
    t.same(new Set(ids(result)), new Set([A, D]), 'not G: Tuesday morning and Monday evening');
    // Evening groups on any day: A, D (tue), B (wed), C (thu), G (mon evening; it meets on Tuesdays too).
    t.same(result.facets.day, [
      { value: 'tue', count: 3 },
      { value: 'mon', count: 1 },
      { value: 'thu', count: 1 },
      { value: 'wed', count: 1 },
    ]);
  });

  t.test(`${engineName}: age and organization`, async (t) => {
    t.same(new Set(ids(await search({ filters: { age: 25 } }))), new Set([A, B, C, D, E, G, H]));
    t.same(new Set(ids(await search({ filters: { age: 40 } }))), new Set([A, B, C, D, E, H]));
    t.same(ids(await search({ filters: { organization: OTHER_ORGANIZATION.id } })), [H]);
  });

  t.test(
    `${engineName}: near: radius for in-person groups, online ones anywhere, distance order, online last`,
    async (t) => {
      const result = await search({ near: MANHATTAN, sort: 'distance' });
      t.same(ids(result), [A, G, B, H, E, D], 'same distance: by id; no coordinates: last');
      const distance = new Map(result.hits.map((h) => [h.id, h.distanceMeters]));
      t.equal(distance.get(A), 0);
      t.ok(Math.abs(distance.get(B)! - 15_598.715) < 0.01, 'distance on the Postgres sphere');
      t.ok(distance.get(E)! > 2_000_000, 'an online group with a point of origin has a distance');
      t.equal(distance.get(D), null);
      t.same(
        ids(
          await search({
            near: MANHATTAN,
            sort: 'distance',
            filters: { attendance: ['in_person', 'hybrid'] },
          }),
        ),
        [A, G, B, H],
      );
      const far = await search({ near: { ...MANHATTAN, meters: 200_000 }, sort: 'distance' });
      t.ok(ids(far).includes(C), 'Philadelphia within 200 km');
    },
  );

  // Pages of two cross from groups within the radius to the online group with a point far away
  // and then to the online group without one (Postgres reads these as separate branches).
  t.test(`${engineName}: near: pages add up to the whole list, in distance order`, async (t) => {
    const seen: string[] = [];
    let after: SearchQuery['after'] = null;
    for (let page = 0; page < 5; page++) {
      const result = await search({ near: MANHATTAN, sort: 'distance', limit: 2, after });
      t.equal(result.total, 6, 'exhaustive total on every page');
      seen.push(...ids(result));
      const last = result.hits.at(-1);
      if (!result.hasMore || !last) break;
      after = { key: last.sortKey, id: last.id };
    }
    t.same(seen, [A, G, B, H, E, D]);
  });

  t.test(`${engineName}: text: synonyms, typos, accents, Spanish`, async (t) => {
    t.same(new Set(ids(await search({ q: 'trauma' }))), new Set([C, G]), 'trauma finds PTSD groups');
    t.same(new Set(ids(await search({ q: 'post traumatic stress' }))), new Set([C, G]));
    t.same(new Set(ids(await search({ q: 'depresion' }))), new Set([A, B]), 'accents do not matter');
    t.same(ids(await search({ q: 'trastorno bipolar' })), [H]);
    t.same(ids(await search({ q: 'anxeity' })), [D], 'one typo in a 7-letter word');
    t.same(ids(await search({ q: 'support for women' })), [G], 'english stop words are ignored');
    t.same(ids(await search({ q: 'bip' })), [H], 'the last word is a prefix');
    t.same(ids(await search({ q: 'trauma', sort: 'updated' })), [G, C], 'an explicit sort orders strictly');
  });

  t.test(`${engineName}: next meeting: computed at query time, soonest first`, async (t) => {
    const result = await search({ sort: 'next_meeting' });
    // The same order computed in JavaScript from the documents' meetings (src/schedule).
    const expected = GROUPS.filter((g) => g.fixture.row.id !== id(6))
      .map((g) => toSearchDocument(g.fixture.row, g.fixture.meetings, g.organization, taxonomy))
      .map((d) => ({ id: d.id, key: nextMeetingKey(d.meetings, searchQuery().now) }))
      .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1))
      .map((d) => d.id);
    t.same(ids(result), expected);
    // Tuesday 07:00 in New York: G at 09:00, A at 19:00, D at 20:00, B on Wednesday, C on Thursday,
    // H on the last Saturday (Nov 28), E on Monday in Chicago.
    t.same(ids(result), [G, A, D, B, C, H, E]);
  });
}
