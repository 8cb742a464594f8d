// Search over fixture groups whose content the test controls: filters, text, geo, facets, paging.
import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { addGroups, PLACES } from '../../support/fixtures.js';

const { app, db } = await buildTestApp(t);

const [
  depressionNy,
  anxietyNy,
  bothNewark,
  ptsdPhilly,
  bipolarOnlineEs,
  lgbtqBipolarOnline,
  draft,
  pending,
  archived,
] = await addGroups(db, [
  {
    name: 'Midtown Depression Peer Circle',
    description: 'A weekly circle for people living with depression.',
    conditions: ['depression'],
    meetings: [{ frequency: 'weekly', day: 'tue', start_time: '19:00', duration_minutes: 90 }],
  },
  {
    name: 'Chelsea Anxiety Support',
    description: 'Practical support for anxiety and panic.',
    conditions: ['anxiety'],
    affinities: ['women'],
    meetings: [{ frequency: 'weekly', day: 'mon', start_time: '08:00', duration_minutes: 60 }],
  },
  {
    name: 'Newark Mood Group',
    description: 'Depression and anxiety, together.',
    conditions: ['depression', 'anxiety'],
    location: { ...PLACES.newark },
    meetings: [
      { frequency: 'weekly', day: 'tue', start_time: '08:00', duration_minutes: 60 },
      { frequency: 'weekly', day: 'mon', start_time: '19:30', duration_minutes: 60 },
    ],
  },
  {
    name: 'Philadelphia Veterans Circle',
    description: 'Peer support for veterans living with post-traumatic stress.',
    conditions: ['ptsd'],
    affinities: ['veterans_military'],
    location: { ...PLACES.philadelphia },
    age_min: 18,
  },
  {
    name: 'Grupo de Apoyo Bipolar en Línea',
    description: 'Apoyo entre pares para personas con trastorno bipolar.',
    conditions: ['bipolar'],
    attendance: 'online',
    languages: ['es'],
    online: { url: 'https://meet.example.org/bipolar-es' },
    meetings: [{ frequency: 'weekly', day: 'tue', start_time: '19:00', duration_minutes: 90 }],
  },
  {
    name: 'Rainbow Bipolar Online',
    description: 'LGBTQ+ people with bipolar disorder.',
    conditions: ['bipolar'],
    affinities: ['lgbtq'],
    attendance: 'online',
    languages: ['en', 'es'],
    age_min: 18,
    age_max: 30,
    online: { url: 'https://meet.example.org/rainbow' },
    meetings: [{ frequency: 'weekly', day: 'tue', start_time: '18:30', duration_minutes: 60 }],
  },
  { name: 'Draft Depression Group', conditions: ['depression'], status: 'draft' },
  { name: 'Pending Depression Group', conditions: ['depression'], status: 'pending_review' },
  { name: 'Archived Depression Group', conditions: ['depression'], status: 'archived' },
]);

async function search(query: string) {
  const res = await app.inject({ method: 'GET', url: `/v1/groups?${query}` });
  return { res, body: res.json() };
}
const ids = (body: { data: { id: string }[] }) => body.data.map((g) => g.id).sort();

t.test('lists only published groups, with total', async (t) => {
  const { res, body } = await search('');
  t.equal(res.statusCode, 200);
  t.equal(body.meta.total, 6);
  t.same(
    ids(body),
    [depressionNy, anxietyNy, bothNewark, ptsdPhilly, bipolarOnlineEs, lgbtqBipolarOnline].sort(),
  );
  for (const hidden of [draft, pending, archived]) t.notOk(ids(body).includes(hidden!));
});

t.test('OR within a filter, AND across filters', async (t) => {
  const either = await search('condition=depression,anxiety');
  t.same(ids(either.body), [depressionNy, anxietyNy, bothNewark].sort());
  const both = await search('condition=depression,anxiety&affinity=women');
  t.same(ids(both.body), [anxietyNy]);
  const online = await search('condition=bipolar&attendance=online&language=es&affinity=lgbtq');
  t.same(ids(online.body), [lgbtqBipolarOnline]);
});

t.test('day and time_of_day must hold for the same meeting', async (t) => {
  const tueEvening = await search('day=tue&time_of_day=evening');
  // Newark meets Tuesday mornings and Monday evenings: not a Tuesday-evening group.
  t.same(ids(tueEvening.body), [depressionNy, bipolarOnlineEs, lgbtqBipolarOnline, ptsdPhilly].sort());
  const morning = await search('time_of_day=morning');
  t.same(ids(morning.body), [anxietyNy, bothNewark].sort());
  const monday = await search('day=mon');
  t.same(ids(monday.body), [anxietyNy, bothNewark].sort());
});

t.test('age is within the audience range', async (t) => {
  const young = await search('age=16');
  t.notOk(ids(young.body).includes(ptsdPhilly!));
  t.notOk(ids(young.body).includes(lgbtqBipolarOnline!));
  const adult = await search('age=25&condition=bipolar');
  t.same(ids(adult.body), [bipolarOnlineEs, lgbtqBipolarOnline].sort());
  const older = await search('age=45&condition=bipolar');
  t.same(ids(older.body), [bipolarOnlineEs]);
});

t.test('typos, synonyms, accents and prefixes', async (t) => {
  const typo = await search('q=bipolr');
  t.same(ids(typo.body), [bipolarOnlineEs, lgbtqBipolarOnline].sort(), 'bipolr finds bipolar groups');
  const synonym = await search('q=trauma');
  t.same(ids(synonym.body), [ptsdPhilly], 'trauma finds the PTSD group through the taxonomy synonyms');
  const accent = await search('q=depresion');
  t.ok(ids(accent.body).includes(depressionNy!), 'unaccented Spanish finds the depression group');
  const prefix = await search('q=anxi');
  t.same(ids(prefix.body), [anxietyNy, bothNewark].sort(), 'search as you type matches prefixes');
  const spanish = await search('q=trastorno%20bipolar&language=es');
  t.same(ids(spanish.body), [bipolarOnlineEs, lgbtqBipolarOnline].sort());
  const nothing = await search('q=zzzzqqq');
  t.equal(nothing.body.meta.total, 0);
  t.same(nothing.body.data, []);
});

t.test('relevance puts a name match first', async (t) => {
  const { body } = await search('q=rainbow%20bipolar');
  t.equal(body.meta.sort, 'relevance');
  t.equal(body.data[0].id, lgbtqBipolarOnline);
});

t.test('near a ZIP code: in-person groups within the radius, plus online groups', async (t) => {
  const { body } = await search('near=10001&radius=25mi');
  t.same(ids(body), [depressionNy, anxietyNy, bothNewark, bipolarOnlineEs, lgbtqBipolarOnline].sort());
  t.equal(body.meta.sort, 'distance');
  t.match(body.meta.place, { label: String, radius_km: 40.2 });
  const distances = body.data.map((g: { distance_km: number | null }) => g.distance_km);
  const inPerson = distances.filter((d: number | null) => d !== null);
  t.same(
    inPerson,
    [...inPerson].sort((a, b) => a - b),
    'nearest first',
  );
  t.ok(inPerson[0] < 1.5, 'Herald Square is close to ZIP 10001');
  t.ok(inPerson.at(-1) > 10 && inPerson.at(-1) < 20, 'Newark is 10-20 km away');
  t.same(distances.slice(-2), [null, null], 'online groups have no distance and come last');

  const inPersonOnly = await search('near=10001&radius=25mi&attendance=in_person');
  t.same(ids(inPersonOnly.body), [depressionNy, anxietyNy, bothNewark].sort());
  const wide = await search('near=10001&radius=100mi&attendance=in_person');
  t.ok(ids(wide.body).includes(ptsdPhilly!), '100 miles reaches Philadelphia');
  const km = await search('near=40.7506,-73.9885&radius=2km&attendance=in_person');
  t.same(ids(km.body), [depressionNy, anxietyNy].sort());
  const named = await search(
    `near=${encodeURIComponent('Philadelphia, PA')}&radius=10mi&attendance=in_person`,
  );
  t.same(ids(named.body), [ptsdPhilly]);
});

t.test('disjunctive facet counts', async (t) => {
  const { body } = await search('condition=depression&facets=condition,attendance,day,time_of_day');
  const count = (facet: string, value: string) =>
    body.facets[facet].find((v: { value: string }) => v.value === value)?.count ?? 0;
  // The condition facet ignores its own selection: anxiety still shows what it would add.
  t.equal(count('condition', 'depression'), 2);
  t.equal(count('condition', 'anxiety'), 2);
  t.equal(count('condition', 'bipolar'), 2);
  // Other facets are narrowed by the condition filter.
  t.equal(count('attendance', 'in_person'), 2);
  t.equal(count('attendance', 'online'), 0);
  t.equal(count('day', 'tue'), 2);
  t.equal(count('day', 'mon'), 1);
  t.equal(count('time_of_day', 'evening'), 2);
  t.equal(count('time_of_day', 'morning'), 1);
  t.equal(body.meta.total, 2);
});

t.test('cursor pagination visits every match once, in order', async (t) => {
  for (const sort of ['updated', 'next_meeting', 'relevance', 'distance']) {
    const base = sort === 'relevance' ? 'q=support' : sort === 'distance' ? 'near=10001&radius=200mi' : '';
    const full = await search(`${base}&sort=${sort}&limit=100`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(`${base}&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      t.equal(page.res.statusCode, 200);
      t.equal(page.body.meta.total, full.body.meta.total, `${sort}: total is the same on every page`);
      seen.push(...page.body.data.map((g: { id: string }) => g.id));
      cursor = page.body.meta.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    t.same(
      seen,
      full.body.data.map((g: { id: string }) => g.id),
      `${sort}: pages in order, no duplicates`,
    );
    t.ok(pages > 1, `${sort}: needed more than one page`);
  }
});

t.test('a cursor only works with its own query', async (t) => {
  const first = await search('condition=depression,anxiety&limit=1');
  const cursor = first.body.meta.next_cursor;
  t.type(cursor, 'string');
  const other = await search(`condition=bipolar&limit=1&cursor=${cursor}`);
  t.equal(other.res.statusCode, 400);
  t.equal(other.body.code, 'invalid_cursor');
  t.equal(other.body.invalid_params[0].name, 'cursor');
});

t.test('a group by id and by slug; unpublished ones are not found', async (t) => {
  const byId = await app.inject({ url: `/v1/groups/${depressionNy}` });
  t.equal(byId.statusCode, 200);
  const group = byId.json().data;
  t.equal(group.name, 'Midtown Depression Peer Circle');
  t.equal(group.organization.name.startsWith('Test Organization'), true);
  t.equal(group.location.postal_code, '10001');
  t.equal(group.meetings.length, 1);
  const bySlug = await app.inject({ url: `/v1/groups/${group.slug}` });
  t.equal(bySlug.json().data.id, depressionNy);
  for (const hidden of [draft, pending, archived]) {
    const res = await app.inject({ url: `/v1/groups/${hidden}` });
    t.equal(res.statusCode, 404);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.equal(res.json().code, 'not_found');
  }
});

t.test('an approximate location hides the street and blurs the coordinates', async (t) => {
  const [approx] = await addGroups(db, [
    {
      name: 'Private Survivors Circle',
      conditions: ['suicide_loss'],
      location: {
        ...PLACES.manhattan,
        street: '123 Hidden St',
        lat: 40.751234,
        lng: -73.988765,
        approximate: true,
      },
    },
  ]);
  const { data } = (await app.inject({ url: `/v1/groups/${approx}` })).json();
  t.equal(data.location.street, null);
  t.equal(data.location.approximate, true);
  t.equal(data.location.lat, 40.75);
  t.equal(data.location.lng, -73.99);
  const near = await search('near=40.7,-73.9&radius=20mi&condition=suicide_loss');
  t.equal(Number.isInteger(near.body.data[0].distance_km), true, 'distance in whole units');
});
