// The Meeting Guide importer: the type mapping table, attendance/location/timezone rules, per-row
// errors that name their field, determinism, and speed. Pure: no database.
import t from 'tap';
import type { GroupInput } from '../../../src/modules/groups/groups.model.js';
import type { ImportRow } from '../../../src/modules/imports/imports.model.js';
import { MAPPED_TYPE_CODES, parseMeetingGuideFeed } from '../../../src/modules/imports/meeting-guide.js';
import { aaOptions, INVALID_KINDS, invalidPositions, meetingGuideFeed, taxonomyCodes } from './fixtures.js';

const options = aaOptions();

/** An in-person entry at a street address with coordinates; overrides replace fields (undefined deletes). */
function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    name: 'Sunday Serenity',
    slug: 'sunday-serenity-14',
    day: 0,
    time: '18:00',
    end_time: '19:30',
    location: 'Alano Club',
    notes: '  Ring buzzer. Meeting is on the 2nd floor.  ',
    types: ['O'],
    address: '4953 W Addison St',
    city: 'Chicago',
    state: 'IL',
    postal_code: '60641',
    country: 'US',
    latitude: 41.9463,
    longitude: -87.7508,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

function one(e: unknown, opts = options): ImportRow {
  const rows = parseMeetingGuideFeed([e], opts);
  if (rows.length !== 1) throw new Error('expected one row');
  return rows[0]!;
}

function group(e: unknown, opts = options): GroupInput {
  const row = one(e, opts);
  if (!row.ok) throw new Error(`row is invalid: ${JSON.stringify(row.errors)}`);
  return row.group;
}

function errorsOf(e: unknown, opts = options): { field: string; reason: string }[] {
  const row = one(e, opts);
  if (row.ok) throw new Error('row is valid');
  return row.errors;
}

t.test('the spec example maps to a complete group', async (t) => {
  const row = one(
    entry({ types: ['O', 'T', 'LGBTQ'], updated: '2014-05-31 14:32:23', group: 'The Serenity Group' }),
  );
  t.ok(row.ok);
  t.equal(row.externalId, 'sunday-serenity-14');
  t.same(row.ok && row.group, {
    external_id: 'sunday-serenity-14',
    slug: null,
    name: 'Sunday Serenity',
    description: 'Ring buzzer. Meeting is on the 2nd floor.',
    conditions: ['alcohol'],
    affinities: ['lgbtq', 'transgender_nonbinary'],
    attendance: 'in_person',
    facilitation: 'peer_led',
    access: 'open',
    cost: 'free',
    languages: ['en'],
    accessibility: [],
    age_min: null,
    age_max: null,
    location: {
      street: '4953 W Addison St',
      locality: 'Chicago',
      region: 'IL',
      postal_code: '60641',
      country: 'US',
      lat: 41.9463,
      lng: -87.7508,
      approximate: false,
    },
    online: null,
    contact: null,
    website: null,
    timezone: null,
    temporarily_closed: false,
    closed_note: null,
    last_verified_at: new Date('2014-05-31T14:32:23Z'),
    meetings: [
      { frequency: 'weekly', day: 'sun', week_of_month: null, start_time: '18:00', duration_minutes: 90 },
    ],
  });
});

t.test('type codes map onto our vocabularies', async (t) => {
  const cases: [string[], keyof GroupInput, unknown][] = [
    // Access
    [['O'], 'access', 'open'],
    [['C'], 'access', 'closed'],
    [['O', 'C'], 'access', 'closed'],
    [['D', 'B'], 'access', 'open'],
    // Conditions: the feed's default plus dual diagnosis
    [['DD'], 'conditions', ['alcohol', 'dual_diagnosis']],
    [['B'], 'conditions', ['alcohol']],
    // Affinities
    [['LGBTQ'], 'affinities', ['lgbtq']],
    [['G', 'L', 'BI'], 'affinities', ['lgbtq']],
    [['T'], 'affinities', ['transgender_nonbinary']],
    [['NB'], 'affinities', ['transgender_nonbinary']],
    [['W'], 'affinities', ['women']],
    [['M'], 'affinities', ['men']],
    [['Y'], 'affinities', ['young_adults']],
    [['SEN'], 'affinities', ['seniors']],
    [['POC'], 'affinities', ['bipoc']],
    [['N'], 'affinities', ['indigenous']],
    [['NDG', 'N'], 'affinities', ['indigenous']],
    [['A'], 'affinities', ['secular']],
    [['D-HOH'], 'affinities', ['deaf_hard_of_hearing']],
    [['W', 'LGBTQ', 'Y'], 'affinities', ['lgbtq', 'women', 'young_adults']],
    // Accessibility
    [['X'], 'accessibility', ['wheelchair_accessible']],
    [['XB'], 'accessibility', ['accessible_restroom']],
    [['FF'], 'accessibility', ['fragrance_free']],
    [['BA'], 'accessibility', ['childcare']],
    [['CF'], 'accessibility', ['childcare']],
    [
      ['X', 'XB', 'ASL'],
      'accessibility',
      ['accessible_restroom', 'asl_interpretation', 'wheelchair_accessible'],
    ],
    // Languages: English unless a language code says otherwise; ASL adds ase but is not the spoken one.
    [[], 'languages', ['en']],
    [['S'], 'languages', ['es']],
    [['S', 'EN'], 'languages', ['en', 'es']],
    [['FR'], 'languages', ['fr']],
    [['KOR', 'TL', 'AR', 'RUS', 'POR'], 'languages', ['ar', 'ko', 'pt', 'ru', 'tl']],
    [['ASL'], 'languages', ['ase', 'en']],
    [['ASL', 'S'], 'languages', ['ase', 'es']],
    [['DE'], 'languages', []], // German: not in our taxonomy, and not English either
    [['DE', 'EN'], 'languages', ['en']],
    // Codes with no counterpart are ignored
    [['B', 'D', 'SP', 'ST', '11', '12x12', 'BRK', 'SM', 'P', 'XT', 'NOPE'], 'affinities', []],
    [['B', 'D', 'SP', 'ST', '11', '12x12', 'BRK', 'SM', 'P', 'XT', 'NOPE'], 'accessibility', []],
  ];
  for (const [types, field, expected] of cases) {
    t.same(group(entry({ types }))[field], expected, `${types.join(',') || '(none)'} -> ${field}`);
  }
});

t.test('every mapped type code has an effect with the seed taxonomy', async (t) => {
  const baseline = group(entry({ types: [] }));
  const ignore = new Set([
    'DE',
    'AF',
    'AM',
    'BG',
    'DA',
    'EL',
    'FA',
    'FI',
    'HE',
    'HI',
    'HR',
    'HU',
    'IS',
    'ITA',
  ]);
  const spoken = ['AR', 'EN', 'FR', 'KOR', 'POR', 'RUS', 'S', 'TL'];
  for (const code of [...MAPPED_TYPE_CODES.vocabularies, ...spoken]) {
    if (ignore.has(code)) continue;
    const g = group(entry({ types: [code] }));
    const changed = (['access', 'conditions', 'affinities', 'languages', 'accessibility'] as const).some(
      (k) => JSON.stringify(g[k]) !== JSON.stringify(baseline[k]),
    );
    // EN on its own is the default; O is the default access.
    t.ok(changed || code === 'EN' || code === 'O', `${code} maps to a code the taxonomy has`);
  }
});

t.test('codes our taxonomy lacks are never emitted', async (t) => {
  const codes = taxonomyCodes();
  codes.accessibility = new Set([...codes.accessibility!].filter((c) => c !== 'childcare'));
  codes.affinities = new Set([...codes.affinities!].filter((c) => c !== 'seniors'));
  const g = group(entry({ types: ['CF', 'BA', 'X', 'SEN', 'W'] }), aaOptions({ taxonomyCodes: codes }));
  t.same(g.accessibility, ['wheelchair_accessible']);
  t.same(g.affinities, ['women']);
});

t.test('attendance', async (t) => {
  const zoom = 'https://zoom.us/j/123456789';
  t.equal(group(entry()).attendance, 'in_person', 'address and coordinates, no link');
  const hybrid = group(entry({ conference_url: zoom, conference_url_notes: 'Password: 1234' }));
  t.equal(hybrid.attendance, 'hybrid', 'street address and a link');
  t.same(hybrid.online, { url: zoom, dial_in: null, notes: 'Password: 1234' });
  t.equal(hybrid.location?.approximate, false);

  const online = group(
    entry({
      conference_url: zoom,
      conference_phone: '+16465588656,,123456789#',
      conference_phone_notes: 'PIN 5678',
      approximate: 'yes',
      address: undefined,
      latitude: 41.88,
      longitude: -87.63,
    }),
  );
  t.equal(online.attendance, 'online', 'an approximate location with a link is online only');
  t.equal(online.location?.approximate, true);
  t.same(online.online, { url: zoom, dial_in: '+16465588656,,123456789#', notes: 'PIN 5678' });
  t.equal(online.timezone, null, 'derived from the approximate coordinates later');

  const noPlace = group(
    entry({
      conference_url: zoom,
      address: undefined,
      city: undefined,
      state: undefined,
      postal_code: undefined,
      country: undefined,
      latitude: undefined,
      longitude: undefined,
      timezone: 'America/Chicago',
    }),
  );
  t.equal(noPlace.attendance, 'online');
  t.equal(noPlace.location, null);
  t.equal(noPlace.timezone, 'America/Chicago');

  const phoneOnly = group(entry({ conference_phone: '+16465588656', approximate: 'yes' }));
  t.equal(phoneOnly.attendance, 'online', 'a dial-in alone makes a meeting online');

  const onl = group(entry({ types: ['O', 'ONL'], approximate: 'yes' }));
  t.equal(onl.attendance, 'online', 'ONL without join details');
  t.same(onl.online, { url: null, dial_in: null, notes: null });
});

t.test('TC: location temporarily closed', async (t) => {
  const zoom = 'https://zoom.us/j/987654321';
  const moved = group(entry({ types: ['O', 'TC'], conference_url: zoom }));
  t.equal(moved.attendance, 'online', 'meets online while the building is closed');
  t.equal(moved.temporarily_closed, false, 'the group still meets');
  t.equal(moved.location?.approximate, true, 'nobody is sent to the closed building');
  t.equal(moved.online?.url, zoom);

  const paused = group(entry({ types: ['O', 'TC'] }));
  t.equal(paused.attendance, 'in_person');
  t.equal(paused.temporarily_closed, true, 'no way to meet: paused');
  t.equal(paused.closed_note, 'The meeting location is temporarily closed.');
  t.equal(paused.online, null);
});

t.test('days, times and durations', async (t) => {
  const days = (day: unknown) => group(entry({ day })).meetings.map((m) => m.day);
  t.same(days(0), ['sun']);
  t.same(days(6), ['sat']);
  t.same(days('3'), ['wed'], 'a numeric string');
  t.same(
    days([5, 1, 3, 1]),
    ['mon', 'wed', 'fri'],
    'an array: one meeting per day, Monday first, no duplicates',
  );
  t.same(days([0, 6]), ['sat', 'sun']);

  const duration = (time: string, end_time?: string) =>
    group(entry({ time, end_time })).meetings[0]?.duration_minutes;
  t.equal(duration('18:00', '19:30'), 90);
  t.equal(duration('18:00'), 60, 'no end_time: one hour');
  t.equal(duration('23:30', '00:30'), 60, 'past midnight');
  t.equal(duration('22:00', '01:00'), 180);
  t.equal(group(entry({ time: '7:05', end_time: '8:05' })).meetings[0]?.start_time, '07:05', 'H:MM');
  t.equal(
    group(entry({ time: '07:05:00', end_time: '08:00:00' })).meetings[0]?.start_time,
    '07:05',
    'HH:MM:SS',
  );

  const multi = group(entry({ day: [1, 3] }));
  t.ok(
    multi.meetings.every(
      (m) => m.start_time === '18:00' && m.duration_minutes === 90 && m.frequency === 'weekly',
    ),
  );
});

t.test('ids', async (t) => {
  t.equal(one(entry({ slug: 14 })).externalId, '14', 'an integer slug');
  t.equal(one(entry({ slug: undefined, id: 42 })).externalId, '42', 'id when there is no slug');
  t.equal(one(entry({ slug: '  spaced  ' })).externalId, 'spaced');
  t.equal(group(entry({ slug: 'abc' })).external_id, 'abc');
  const rows = parseMeetingGuideFeed([entry({ slug: 'same' }), entry({ slug: 'same' })], options);
  t.ok(rows[0]?.ok);
  t.same(!rows[1]?.ok && rows[1]?.errors, [{ field: 'slug', reason: '"same" is also the slug of entry 0' }]);
});

t.test('locations', async (t) => {
  const strings = group(entry({ latitude: ' 41.9463 ', longitude: '-87.7508' })).location;
  t.equal(strings?.lat, 41.9463, 'numeric strings');
  t.equal(strings?.lng, -87.7508);

  t.equal(group(entry({ approximate: 'yes' })).location?.approximate, true);
  t.equal(group(entry({ approximate: 'no' })).location?.approximate, false);
  t.equal(group(entry({ address: undefined })).location?.approximate, true, 'no street: only an area');
  t.equal(group(entry({ address: undefined, approximate: 'no' })).location?.approximate, false);

  t.equal(group(entry({ country: 'USA' })).location?.country, 'US');
  t.equal(group(entry({ country: 'United States' })).location?.country, 'US');
  t.equal(group(entry({ country: undefined })).location?.country, 'US', 'from the state');

  const parts = {
    address: undefined,
    city: undefined,
    state: undefined,
    postal_code: undefined,
    country: undefined,
  };
  t.same(
    group(entry({ ...parts, formatted_address: '4953 W Addison St, Chicago, IL 60641, USA' })).location,
    {
      street: '4953 W Addison St',
      locality: 'Chicago',
      region: 'IL',
      postal_code: '60641',
      country: 'US',
      lat: 41.9463,
      lng: -87.7508,
      approximate: false,
    },
    'formatted_address',
  );
  const area = group(entry({ ...parts, formatted_address: 'Chicago, IL, USA' })).location;
  t.same(
    [area?.street, area?.locality, area?.region, area?.country, area?.approximate],
    [null, 'Chicago', 'IL', 'US', true],
  );
  const toronto = group(
    entry({
      ...parts,
      formatted_address: '100 Queen St W, Toronto, ON M5H 2N2, Canada',
      latitude: 43.6525,
      longitude: -79.3839,
    }),
  ).location;
  t.same(
    [toronto?.street, toronto?.locality, toronto?.region, toronto?.postal_code, toronto?.country],
    ['100 Queen St W', 'Toronto', 'ON', 'M5H 2N2', 'CA'],
  );
  t.equal(
    group(entry({ city: 'Evanston', formatted_address: 'Chicago, IL, USA' })).location?.locality,
    'Evanston',
  );
});

t.test('timezones', async (t) => {
  const zoom = 'https://zoom.us/j/1';
  const noPlace = {
    conference_url: zoom,
    address: undefined,
    city: undefined,
    state: undefined,
    postal_code: undefined,
    country: undefined,
    latitude: undefined,
    longitude: undefined,
  };
  t.equal(group(entry({ timezone: 'America/Chicago' })).timezone, 'America/Chicago', "the entry's own");
  t.equal(group(entry()).timezone, null, 'left for the coordinates');
  t.equal(
    group(entry({ timezone: 'Central' })).timezone,
    null,
    'an invalid zone falls back to the coordinates',
  );
  t.equal(
    group(entry(noPlace), aaOptions({ defaultTimezone: 'America/Denver' })).timezone,
    'America/Denver',
    'the default for online meetings without coordinates',
  );
  t.same(errorsOf(entry(noPlace)), [
    {
      field: 'timezone',
      reason: 'is required for online meetings without coordinates (in the feed or as the default timezone)',
    },
  ]);
  t.same(errorsOf(entry({ ...noPlace, timezone: 'Central' })), [
    {
      field: 'timezone',
      reason: '"Central" is not an IANA timezone, and there are no coordinates to derive one from',
    },
  ]);
});

t.test('other fields', async (t) => {
  const g = group(
    entry({
      url: 'https://district123.org/meetings/sunday-serenity',
      contact_1_name: 'Bill',
      contact_1_email: 'bill@example.org',
      notes: undefined,
      updated: 'not a date',
    }),
  );
  t.equal(g.website, 'https://district123.org/meetings/sunday-serenity');
  t.same(g.contact, { name: 'Bill', email: 'bill@example.org', phone: null });
  t.equal(g.description, '', 'no notes: an empty description');
  t.equal(g.last_verified_at, null, 'an unparseable updated is ignored');
  t.equal(group(entry({ updated: '2024-02-31 10:00:00' })).last_verified_at, null, 'no rollover');
});

t.test('invalid rows name every problem', async (t) => {
  t.same(errorsOf(entry({ latitude: undefined, longitude: undefined })), [
    { field: 'location.lat', reason: 'coordinates are required for in-person meetings' },
  ]);
  t.same(
    errorsOf(entry({ latitude: undefined, longitude: undefined, conference_url: 'https://zoom.us/j/1' })),
    [{ field: 'location.lat', reason: 'coordinates are required for hybrid meetings' }],
  );

  const errors = errorsOf(
    entry({
      slug: undefined,
      name: 'x'.repeat(201),
      day: [1, 7],
      time: '25:00',
      latitude: 95,
      longitude: 'west',
      conference_url: 'javascript:alert(1)',
      url: 'www.example.org',
      types: 'O,C',
      country: 'Narnia',
    }),
  );
  t.same(
    errors.map((e) => e.field).sort(),
    ['conference_url', 'country', 'day', 'latitude', 'longitude', 'name', 'slug', 'time', 'types', 'url'],
    JSON.stringify(errors),
  );
  t.ok(errors.every((e) => e.reason.length > 0));

  const cases: [Record<string, unknown>, string, string][] = [
    [{ name: '' }, 'name', 'is required'],
    [{ name: 42 }, 'name', 'is required'],
    [{ name: 'x'.repeat(201) }, 'name', 'must be at most 200 characters'],
    [{ day: undefined }, 'day', 'is required (meetings by appointment are not imported)'],
    [{ day: 7 }, 'day', '7 is not a day from 0 (Sunday) to 6 (Saturday)'],
    [{ day: -1 }, 'day', '-1 is not a day from 0 (Sunday) to 6 (Saturday)'],
    [{ day: 1.5 }, 'day', '1.5 is not a day from 0 (Sunday) to 6 (Saturday)'],
    [{ day: 'monday' }, 'day', '"monday" is not a day from 0 (Sunday) to 6 (Saturday)'],
    [{ day: [] }, 'day', 'must not be an empty array'],
    [{ time: undefined }, 'time', 'is required'],
    [{ time: '7pm' }, 'time', '"7pm" is not a 24-hour HH:MM time'],
    [{ time: '18:60' }, 'time', '"18:60" is not a 24-hour HH:MM time'],
    [{ end_time: '7:30pm' }, 'end_time', '"7:30pm" is not a 24-hour HH:MM time'],
    [{ end_time: '18:00' }, 'end_time', 'makes the meeting 0 minutes long; it must be 5 to 720'],
    [{ end_time: '17:00' }, 'end_time', 'makes the meeting 1380 minutes long; it must be 5 to 720'],
    [{ latitude: -91 }, 'latitude', 'must be a number from -90 to 90'],
    [{ longitude: 181 }, 'longitude', 'must be a number from -180 to 180'],
    [{ longitude: undefined }, 'longitude', 'is required when latitude is given'],
    [{ conference_url: 'zoom.us/j/1' }, 'conference_url', 'must be an http(s) URL'],
    [{ conference_url: 'ftp://zoom.us/j/1' }, 'conference_url', 'must be an http(s) URL'],
    [{ url: 'mailto:x@example.org' }, 'url', 'must be an http(s) URL'],
    [{ city: undefined }, 'location.locality', 'a city (city or formatted_address) is required'],
    [
      { country: undefined, state: undefined },
      'location.country',
      'a country (country, state or formatted_address) is required',
    ],
  ];
  for (const [overrides, field, reason] of cases) {
    t.same(errorsOf(entry(overrides)), [{ field, reason }], `${JSON.stringify(overrides)} -> ${field}`);
  }

  t.same(parseMeetingGuideFeed([null, 'x', [1]], options), [
    { index: 0, externalId: null, ok: false, errors: [{ field: '(entry)', reason: 'must be an object' }] },
    { index: 1, externalId: null, ok: false, errors: [{ field: '(entry)', reason: 'must be an object' }] },
    { index: 2, externalId: null, ok: false, errors: [{ field: '(entry)', reason: 'must be an object' }] },
  ]);
  const bad = one(entry({ time: 'noon' }));
  t.equal(bad.externalId, 'sunday-serenity-14', 'invalid rows keep their id');
  t.equal(bad.index, 0);
});

t.test('what throws', async (t) => {
  t.throws(
    () => parseMeetingGuideFeed({ meetings: [] }, options),
    /must be a JSON array of meetings, got object/,
  );
  t.throws(() => parseMeetingGuideFeed(null, options), /got null/);
  t.throws(() => parseMeetingGuideFeed('[]', options), /got string/);
  t.throws(
    () => parseMeetingGuideFeed([], aaOptions({ defaultConditions: ['drinking'] })),
    /unknown condition codes: drinking/,
  );
  t.throws(
    () => parseMeetingGuideFeed([], aaOptions({ defaultTimezone: 'Eastern' })),
    /not an IANA timezone/,
  );
  t.throws(
    () => parseMeetingGuideFeed([], { defaultConditions: [], taxonomyCodes: {} }),
    /no 'conditions' vocabulary/,
  );
  t.same(parseMeetingGuideFeed([], options), []);
});

t.test('determinism', async (t) => {
  const feed = meetingGuideFeed(300, 7, { invalid: 5 });
  const a = parseMeetingGuideFeed(feed, aaOptions());
  const b = parseMeetingGuideFeed(structuredClone(feed), aaOptions());
  t.same(a, b, 'the same feed maps to the same rows');
  t.equal(JSON.stringify(a), JSON.stringify(b), 'down to key order');
  t.same(meetingGuideFeed(300, 7, { invalid: 5 }), feed, 'the fixture is deterministic');
  t.not(JSON.stringify(meetingGuideFeed(50, 8)), JSON.stringify(meetingGuideFeed(50, 7)), 'seeds differ');

  const sorted = (xs: string[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);
  for (const row of a) {
    if (!row.ok) continue;
    const g = row.group;
    for (const list of [g.conditions, g.affinities, g.languages, g.accessibility]) {
      if (!sorted(list)) t.fail(`${row.externalId}: ${list.join(',')} is not sorted and unique`);
    }
  }

  // Type order and duplicated types and days do not matter.
  const shuffled = group(entry({ types: ['X', 'W', 'S', 'O', 'W', 'ASL'], day: [3, 1, 3] }));
  const ordered = group(entry({ types: ['ASL', 'O', 'S', 'W', 'X'], day: [1, 3] }));
  t.same(shuffled, ordered);
});

t.test('a realistic feed', async (t) => {
  const feed = meetingGuideFeed(1000, 1);
  const rows = parseMeetingGuideFeed(feed, aaOptions());
  t.equal(rows.length, 1000);
  const bad = rows.filter((r) => !r.ok);
  t.same(bad, [], 'every generated entry is valid');
  const groups = rows.flatMap((r) => (r.ok ? [r.group] : []));
  const count = (f: (g: GroupInput) => boolean) => groups.filter(f).length;
  t.ok(count((g) => g.attendance === 'in_person') > 400, 'mostly in person');
  t.ok(count((g) => g.attendance === 'hybrid') > 100, 'some hybrid');
  t.ok(count((g) => g.attendance === 'online') > 100, 'some online');
  t.ok(count((g) => g.temporarily_closed === true) > 5, 'some paused');
  t.ok(count((g) => g.meetings.length > 1) > 50, 'some on several days');
  t.ok(count((g) => g.languages.includes('es')) > 10, 'some in Spanish');
  t.ok(count((g) => g.access === 'closed') > 100, 'some closed');
  t.ok(count((g) => g.affinities.length > 0) > 50, 'some with affinities');
  t.ok(count((g) => g.location?.approximate === true) > 50, 'some approximate');
  t.ok(
    groups.every((g) => g.attendance === 'online' || (g.location && g.timezone === null)),
    'in-person and hybrid groups have a location and derive their timezone',
  );
  t.ok(
    groups.every((g) => g.attendance !== 'online' || g.location !== null || g.timezone !== null),
    'online groups without a location have a timezone',
  );
});

t.test('deliberately invalid entries', async (t) => {
  const count = 200;
  const feed = meetingGuideFeed(count, 3, { invalid: INVALID_KINDS.length });
  const rows = parseMeetingGuideFeed(feed, aaOptions());
  const positions = invalidPositions(count, INVALID_KINDS.length);
  t.same(
    rows.filter((r) => !r.ok).map((r) => r.index),
    positions,
    'exactly the broken entries fail',
  );
  positions.forEach((position, k) => {
    const row = rows[position]!;
    const expected = INVALID_KINDS[k]!;
    t.same(!row.ok && row.errors.map((e) => e.field), [expected.field], expected.kind);
  });
});

// Speed is measured, not asserted (a timed test fails on a busy machine, not on slow code): the
// parse time is printed as a comment; the test holds that a large feed parses to one row per entry.
t.test('a 1,000-meeting feed parses to one row per meeting', async (t) => {
  const feed = meetingGuideFeed(1000, 42);
  const started = performance.now();
  const rows = parseMeetingGuideFeed(feed, aaOptions());
  t.comment(`parsed 1,000 meetings in ${(performance.now() - started).toFixed(0)} ms`);
  t.equal(rows.length, 1000);
  t.equal(rows.filter((r) => r.ok).length, 1000, 'every generated meeting is valid');
});
