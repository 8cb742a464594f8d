// The Meilisearch engine against a real Meilisearch server: settings applied before documents,
// documents built from realistic rows, and searches whose answers are the ones the Postgres engine
// gives on the same data (ids, order, totals, facets, distances). Runs only when MEILISEARCH_URL
// is set (MEILISEARCH_KEY for a protected server); it creates a throw-away index and deletes it.
// A loopback stand-in would prove nothing here (FIELD-NOTES), so without a server it is skipped.
import { randomBytes } from 'node:crypto';
import { Meilisearch, type Task } from 'meilisearch';
import t from 'tap';
import { toSearchDocument } from '../../../src/search/meilisearch/document.js';
import { MeilisearchSearchEngine, nextMeetingKey } from '../../../src/search/meilisearch/engine.js';
import { indexSettings } from '../../../src/search/meilisearch/settings.js';
import type { SearchQuery, SearchResult } from '../../../src/search/query.js';
import { type Fixture, fixture, ORGANIZATION, PLACES, searchQuery, seedTaxonomy } from './support.js';

const url = process.env.MEILISEARCH_URL;
const skip = url ? false : 'MEILISEARCH_URL is not set: no Meilisearch server on this machine';

const id = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const OTHER_ORGANIZATION = { id: 'b0000000-0000-4000-8000-000000000001', name: 'Garden State Peer Network' };
const day = (iso: string) => ({ updatedAt: new Date(iso), createdAt: new Date('2026-05-01T00:00:00Z') });

// NOW (support.ts) is Tuesday 2026-11-24 12:00Z. "updated" order: G, B, A, H, C, E, D.
const GROUPS: { fixture: Fixture; organization: typeof ORGANIZATION }[] = [
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

const A = id(1);
const B = id(2);
const C = id(3);
const D = id(4);
const E = id(5);
const G = id(7);
const H = id(8);
const MANHATTAN = { lat: PLACES.manhattan.lat, lng: PLACES.manhattan.lng, meters: 40_233.6 };

t.test('Meilisearch engine against a real server', { skip }, async (t) => {
  const client = new Meilisearch({ host: url!, apiKey: process.env.MEILISEARCH_KEY, timeout: 10_000 });
  const uid = `circles_test_${randomBytes(6).toString('hex')}`;
  const succeeded = (task: Task, what: string) => {
    if (task.status !== 'succeeded') throw new Error(`${what}: ${task.status} ${task.error?.message ?? ''}`);
  };
  succeeded(
    await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 }),
    'create index',
  );
  t.teardown(async () => {
    await client.deleteIndex(uid).waitTask({ timeout: 30_000 });
  });
  const taxonomy = seedTaxonomy();
  const index = client.index(uid);
  succeeded(await index.updateSettings(indexSettings(taxonomy)).waitTask({ timeout: 60_000 }), 'settings');
  const documents = GROUPS.map((g) =>
    toSearchDocument(g.fixture.row, g.fixture.meetings, g.organization, taxonomy),
  );
  succeeded(
    await index.addDocuments(documents, { primaryKey: 'id' }).waitTask({ timeout: 60_000 }),
    'documents',
  );

  const engine = new MeilisearchSearchEngine({ client, indexUid: uid, timeoutMs: 5_000 });
  const ids = (result: SearchResult) => result.hits.map((h) => h.id);
  const search = (overrides: Parameters<typeof searchQuery>[0]) => engine.search(searchQuery(overrides));

  t.test('every fresh published group, most recently updated first; stale ones are out', async (t) => {
    const result = await search({});
    t.same(ids(result), [G, B, A, H, C, E, D]);
    t.equal(result.total, 7);
    t.equal(result.hasMore, false);
  });

  t.test('pages by offset add up to the whole list', async (t) => {
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

  t.test('OR within a filter, AND across, and disjunctive facets', async (t) => {
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

  t.test('day and time of day hold for the same meeting', async (t) => {
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

  t.test('age and organization', async (t) => {
    t.same(new Set(ids(await search({ filters: { age: 25 } }))), new Set([A, B, C, D, E, G, H]));
    t.same(new Set(ids(await search({ filters: { age: 40 } }))), new Set([A, B, C, D, E, H]));
    t.same(ids(await search({ filters: { organization: OTHER_ORGANIZATION.id } })), [H]);
  });

  t.test(
    'near: radius for in-person groups, online ones anywhere, distance order, online last',
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

  t.test('text: synonyms, typos, accents, Spanish', async (t) => {
    t.same(new Set(ids(await search({ q: 'trauma' }))), new Set([C, G]), 'trauma finds PTSD groups');
    t.same(new Set(ids(await search({ q: 'post traumatic stress' }))), new Set([C, G]));
    t.same(new Set(ids(await search({ q: 'depresion' }))), new Set([A, B]), 'accents do not matter');
    t.same(ids(await search({ q: 'trastorno bipolar' })), [H]);
    t.same(ids(await search({ q: 'anxeity' })), [D], 'one typo in a 7-letter word');
    t.same(ids(await search({ q: 'support for women' })), [G], 'english stop words are ignored');
    t.same(ids(await search({ q: 'bip' })), [H], 'the last word is a prefix');
    t.same(ids(await search({ q: 'trauma', sort: 'updated' })), [G, C], 'an explicit sort orders strictly');
  });

  t.test('next meeting: computed at query time, Postgres order', async (t) => {
    const result = await search({ sort: 'next_meeting' });
    const expected = documents
      .filter((d) => d.id !== id(6))
      .map((d) => ({ id: d.id, key: nextMeetingKey(d.meetings, searchQuery().now) }))
      .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1))
      .map((d) => d.id);
    t.same(ids(result), expected);
    // Tuesday 07:00 in New York: G at 09:00, A at 19:00, D at 20:00, B on Wednesday, C on Thursday,
    // H on the last Saturday (Nov 28), E on Monday in Chicago.
    t.same(ids(result), [G, A, D, B, C, H, E]);
    const narrow = new MeilisearchSearchEngine({
      client,
      indexUid: uid,
      timeoutMs: 5_000,
      nextMeetingWindow: 3,
    });
    await t.rejects(narrow.search(searchQuery({ sort: 'next_meeting' })), { code: 'query_too_complex' });
  });
});
