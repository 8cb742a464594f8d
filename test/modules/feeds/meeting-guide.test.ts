// GET /v1/feeds/meeting-guide.json: every entry of the demo directory's feed follows the Meeting
// Guide spec, values map back onto the spec's type codes, and the importer reads the feed back.
import { existsSync, readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import t from 'tap';
import { parseMeetingGuideFeed } from '../../../src/modules/imports/meeting-guide.js';
import { buildTestApp } from '../../helper.js';
import { addGroups, PLACES } from '../../support/fixtures.js';

// The spec's type list sits beside the checkout in ../shared (CI has it); without it the type codes
// cannot be checked against the spec, and that check says so as a skipped test.
const TYPES_FILE = new URL('../../../../shared/specs/meeting-guide/types.json', import.meta.url);
const SPEC_TYPES: Set<string> | null = existsSync(TYPES_FILE)
  ? new Set(Object.keys(JSON.parse(readFileSync(TYPES_FILE, 'utf8'))))
  : null;
t.test(
  'the spec type list is available',
  { skip: SPEC_TYPES ? false : `no ${TYPES_FILE.pathname}` },
  async (t) => {
    t.ok(SPEC_TYPES && SPEC_TYPES.size > 50, 'the Meeting Guide type list is loaded');
  },
);
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const UPDATED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

type Entry = Record<string, unknown>;

/** Problems of one entry under the spec's rules; empty when it is valid. */
function specProblems(e: Entry): string[] {
  const problems: string[] = [];
  if (typeof e.name !== 'string' || e.name === '' || e.name.length > 255) problems.push('name');
  if (typeof e.slug !== 'string' || !/^[a-z0-9-]+$/.test(e.slug)) problems.push('slug');
  if (!Number.isInteger(e.day) || (e.day as number) < 0 || (e.day as number) > 6) problems.push('day');
  if (typeof e.time !== 'string' || !HHMM.test(e.time)) problems.push('time');
  if (typeof e.end_time !== 'string' || !HHMM.test(e.end_time)) problems.push('end_time');
  if (typeof e.timezone !== 'string' || !IANAZone.isValidZone(e.timezone)) problems.push('timezone');
  if (!Array.isArray(e.types) || !e.types.every((c) => !SPEC_TYPES || SPEC_TYPES.has(c)))
    problems.push('types');
  if (Array.isArray(e.types) && e.types.includes('ONL')) problems.push('types: ONL');
  if (e.approximate !== undefined && e.approximate !== 'yes' && e.approximate !== 'no')
    problems.push('approximate');
  if (typeof e.updated !== 'string' || !UPDATED.test(e.updated)) problems.push('updated');
  const online = typeof e.conference_url === 'string' || typeof e.conference_phone === 'string';
  const geo = typeof e.formatted_address === 'string' || typeof e.city === 'string';
  // Geography is required, except for online-only meetings (which the spec lets go without one).
  if (!geo && !(online && e.approximate === 'yes')) problems.push('geography');
  // In-person meetings need a specific address; approximate ones must not show a street.
  if (e.approximate === 'no' && typeof e.address !== 'string') problems.push('address');
  if (e.approximate === 'yes' && (e.address !== undefined || e.latitude !== undefined))
    problems.push('approximate with a street or point');
  if (e.conference_url !== undefined && !/^https?:\/\//.test(String(e.conference_url)))
    problems.push('conference_url');
  return problems;
}

t.test('the demo feed follows the spec', async (t) => {
  const { app } = await buildTestApp(t, { demo: true });
  const res = await app.inject({ url: '/v1/feeds/meeting-guide.json' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json/);
  t.equal(res.headers['cache-control'], 'public, max-age=300');
  const feed = res.json() as Entry[];
  t.ok(Array.isArray(feed));
  t.ok(feed.length > 300, `a long feed (${feed.length} entries)`);

  const bad = feed.map((e) => ({ slug: e.slug, problems: specProblems(e) })).filter((b) => b.problems.length);
  t.same(bad.slice(0, 5), [], 'every entry is valid');
  const slugs = feed.map((e) => e.slug);
  t.equal(new Set(slugs).size, slugs.length, 'slugs are unique');

  // Every searchable group with a weekly meeting is in it, one entry per weekly meeting: the feed
  // pages through the search (hundreds of groups, pages of 100).
  let expected = 0;
  const expectedGroups = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: {
      data: { slug: string; meetings: { frequency: string }[] }[];
      meta: { next_cursor: string | null };
    } = (await app.inject({ url: `/v1/groups?limit=100${cursor ? `&cursor=${cursor}` : ''}` })).json();
    for (const g of page.data) {
      const weekly = g.meetings.filter((m) => m.frequency === 'weekly').length;
      expected += weekly;
      if (weekly) expectedGroups.add(g.slug);
    }
    cursor = page.meta.next_cursor;
  } while (cursor);
  t.equal(feed.length, expected, 'one entry per weekly meeting');
  const groups = new Set(feed.map((e) => String(e.slug).replace(/-\d+$/, '')));
  t.same([...groups].sort(), [...expectedGroups].sort(), 'every group with a weekly meeting');
  t.ok(groups.size > 100, `more than one page of groups (${groups.size})`);

  t.ok(
    feed.some((e) => e.approximate === 'yes' && typeof e.city === 'string'),
    'approximate areas',
  );
  t.ok(
    feed.some((e) => typeof e.conference_url === 'string' && e.regions !== undefined),
    'online-only groups',
  );
  t.ok(
    feed.some((e) => (e.types as string[]).includes('S')),
    'Spanish-language meetings',
  );

  // The importer reads the feed back without errors.
  const rows = parseMeetingGuideFeed(feed, {
    defaultConditions: [],
    defaultTimezone: 'America/New_York',
    taxonomyCodes: {
      conditions: new Set(['dual_diagnosis']),
      affinities: new Set([
        'lgbtq',
        'women',
        'men',
        'young_adults',
        'seniors',
        'bipoc',
        'transgender_nonbinary',
      ]),
      languages: new Set(['en', 'es', 'fr', 'ko', 'tl', 'ar', 'ru', 'pt', 'ase']),
      accessibility: new Set([
        'wheelchair_accessible',
        'accessible_restroom',
        'childcare',
        'asl_interpretation',
      ]),
    },
  });
  // Except approximate in-person places: the feed gives no point for them, and the importer does not
  // geocode, so it asks for coordinates.
  const failed = rows.filter(
    (r) =>
      !r.ok && !(feed[r.index]?.approximate === 'yes' && r.errors.every((e) => e.field === 'location.lat')),
  );
  t.same(failed.slice(0, 3), [], 'the importer accepts every entry');
});

t.test('mapped values, filters and monthly meetings', async (t) => {
  const { app, db } = await buildTestApp(t);
  await addGroups(db, [
    {
      name: 'Rainbow Circle',
      slug: null,
      access: 'closed',
      conditions: ['depression', 'dual_diagnosis'],
      affinities: ['lgbtq', 'women', 'young_adults'],
      accessibility: ['wheelchair_accessible'],
      languages: ['en', 'es'],
      meetings: [
        { frequency: 'weekly', day: 'tue', start_time: '19:00', duration_minutes: 90 },
        { frequency: 'monthly', day: 'thu', week_of_month: 3, start_time: '18:30', duration_minutes: 60 },
        { frequency: 'weekly', day: 'sun', start_time: '23:30', duration_minutes: 60 },
      ],
      location: { ...PLACES.manhattan, street: '151 W 34th St' },
    },
    {
      name: 'Quiet Area Group',
      conditions: ['anxiety'],
      location: { ...PLACES.austin, street: '100 Congress Ave', approximate: true },
    },
    {
      name: 'Online Anxiety Circle',
      conditions: ['anxiety'],
      attendance: 'online',
      online: { url: 'https://meet.example.org/anx', dial_in: '+1 555 0100', notes: 'Passcode 123' },
      timezone: 'America/Chicago',
    },
    { name: 'A Draft', status: 'draft' },
  ]);

  const feed = (await app.inject({ url: '/v1/feeds/meeting-guide.json' })).json() as Entry[];
  t.equal(feed.length, 4, 'three groups; the monthly meeting and the draft are left out');
  for (const e of feed) t.same(specProblems(e), [], `${e.slug} is valid`);

  const rainbow = feed.filter((e) => e.name === 'Rainbow Circle');
  t.equal(rainbow.length, 2);
  const [tue, sun] = rainbow as [Entry, Entry];
  t.match(tue.slug, /^rainbow-circle-\d+-1$/);
  t.match(sun.slug, /^rainbow-circle-\d+-3$/, 'slugs keep the meeting position');
  t.same(tue.types, ['C', 'DD', 'EN', 'LGBTQ', 'S', 'W', 'X', 'Y']);
  t.match(tue, {
    day: 2,
    time: '19:00',
    end_time: '20:30',
    timezone: 'America/New_York',
    address: '151 W 34th St',
    city: 'New York',
    state: 'NY',
    postal_code: '10001',
    country: 'US',
    approximate: 'no',
    latitude: 40.7506,
  });
  t.match(sun, { day: 0, time: '23:30', end_time: '00:30' }, 'end time past midnight');

  const area = feed.find((e) => e.name === 'Quiet Area Group')!;
  t.match(area, { approximate: 'yes', city: 'Austin', state: 'TX', timezone: 'America/Chicago' });
  t.equal(area.address, undefined, 'no street for an approximate location');
  t.equal(area.latitude, undefined);
  t.same(area.types, ['EN', 'O']);

  const online = feed.find((e) => e.name === 'Online Anxiety Circle')!;
  t.match(online, {
    conference_url: 'https://meet.example.org/anx',
    conference_phone: '+1 555 0100',
    conference_url_notes: 'Passcode 123',
    approximate: 'yes',
    timezone: 'America/Chicago',
  });
  t.notOk((online.types as string[]).includes('ONL'));

  // The filters of /v1/groups.
  const anxiety = (await app.inject({ url: '/v1/feeds/meeting-guide.json?condition=anxiety' })).json();
  t.same(anxiety.map((e: Entry) => e.name).sort(), ['Online Anxiety Circle', 'Quiet Area Group']);
  const spanish = (await app.inject({ url: '/v1/feeds/meeting-guide.json?language=es&day=tue' })).json();
  t.same(
    spanish.map((e: Entry) => e.name),
    ['Rainbow Circle', 'Rainbow Circle'],
    'the whole group matches; all its weekly meetings are listed',
  );

  const bad = await app.inject({ url: '/v1/feeds/meeting-guide.json?condition=nope' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(bad.json().invalid_params[0].name, 'condition');
  const unknown = await app.inject({ url: '/v1/feeds/meeting-guide.json?limit=5' });
  t.equal(unknown.statusCode, 400, 'no paging parameters: the feed is the whole list');
  t.equal(unknown.json().code, 'unknown_parameter');
});
