// The CSV importer: RFC 4180 reading (quotes, line breaks, BOM), the header, several rows per group,
// codes checked against the taxonomy, and per-row errors naming the column and spreadsheet row.
import t from 'tap';
import type { GroupInput } from '../../../src/modules/groups/groups.model.js';
import { CSV_COLUMNS, parseCsv, readCsvRecords } from '../../../src/modules/imports/csv.js';
import type { ImportRow } from '../../../src/modules/imports/imports.model.js';
import { aaOptions } from './fixtures.js';

const options = aaOptions({ defaultConditions: [] });

type Cells = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A CSV file with the given columns (default: all) and rows, quoting as a spreadsheet would. */
function csv(rows: Cells[], columns: readonly string[] = CSV_COLUMNS, eol = '\n'): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(row[c as keyof Cells] ?? '')).join(','));
  return lines.join(eol) + eol;
}

const inPerson: Cells = {
  external_id: 'g1',
  name: 'Depression & Bipolar Support',
  description: 'Peer support, every week.',
  conditions: 'depression;bipolar',
  street: '100 Main St',
  locality: 'Austin',
  region: 'TX',
  postal_code: '78701',
  country: 'US',
  lat: '30.2672',
  lng: '-97.7431',
  day: 'tue',
  start_time: '19:00',
  duration_minutes: '90',
};

function only(text: string, opts = options): ImportRow {
  const rows = parseCsv(text, opts);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0]!;
}

function group(text: string, opts = options): GroupInput {
  const row = only(text, opts);
  if (!row.ok) throw new Error(`row is invalid: ${JSON.stringify(row.errors)}`);
  return row.group;
}

function errorsOf(text: string, opts = options) {
  const row = only(text, opts);
  if (row.ok) throw new Error('row is valid');
  return row.errors;
}

t.test('readCsvRecords', async (t) => {
  const fields = (text: string) => readCsvRecords(text).map((r) => r.fields);
  t.same(fields('a,b\n1,2\n'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  t.same(
    fields('a,b\r\n1,2'),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
    'CRLF, no final line break',
  );
  t.same(
    fields('a,b\r1,2\r'),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
    'CR',
  );
  t.same(
    fields('\uFEFFa,b\n1,2\n'),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
    'UTF-8 BOM',
  );
  t.same(
    fields('a,,c\n,,\n'),
    [
      ['a', '', 'c'],
      ['', '', ''],
    ],
    'empty fields',
  );
  t.same(
    fields('"a, b","say ""hi""",""\n'),
    [['a, b', 'say "hi"', '']],
    'quoted commas, doubled quotes, empty quoted',
  );
  t.same(
    fields('"line 1\nline 2\r\nline 3",x\n'),
    [['line 1\nline 2\r\nline 3', 'x']],
    'line breaks in quotes',
  );
  t.same(fields('a, "b" ,c\n'), [['a', 'b', 'c']], 'blanks around a quoted field');
  t.same(fields('5" tall,x\n'), [['5" tall', 'x']], 'a quote inside an unquoted field is a character');
  t.same(fields(''), []);
  t.same(fields('\uFEFF'), []);
  t.same(
    readCsvRecords('h\n"a\nb"\nc\n').map((r) => r.line),
    [1, 2, 4],
    'records know the line they start on',
  );
  t.throws(() => readCsvRecords('a,b\n"open,x\n'), /line 2: a quoted field is never closed/);
  t.throws(() => readCsvRecords('a,b\n"x"y,z\n'), /line 2: unexpected text after a closing quote/);
});

t.test('a group with quoting, a BOM and CRLF line ends', async (t) => {
  const description = 'We meet upstairs, room 2.\nBring a friend; say "hi".';
  const text = `\uFEFF${csv([{ ...inPerson, description, affinities: 'women;lgbtq', accessibility: 'wheelchair_accessible' }], CSV_COLUMNS, '\r\n')}`;
  const row = only(text);
  t.equal(row.index, 0);
  t.equal(row.externalId, 'g1');
  t.same(row.ok && row.group, {
    external_id: 'g1',
    slug: null,
    name: 'Depression & Bipolar Support',
    description,
    conditions: ['bipolar', 'depression'],
    affinities: ['lgbtq', 'women'],
    attendance: 'in_person',
    facilitation: 'peer_led',
    access: 'open',
    cost: 'free',
    languages: ['en'],
    accessibility: ['wheelchair_accessible'],
    age_min: null,
    age_max: null,
    location: {
      street: '100 Main St',
      locality: 'Austin',
      region: 'TX',
      postal_code: '78701',
      country: 'US',
      lat: 30.2672,
      lng: -97.7431,
      approximate: false,
    },
    online: null,
    contact: null,
    website: null,
    timezone: null,
    temporarily_closed: false,
    closed_note: null,
    last_verified_at: null,
    meetings: [
      { frequency: 'weekly', day: 'tue', week_of_month: null, start_time: '19:00', duration_minutes: 90 },
    ],
  });
});

t.test('rows with the same external_id are one group with several meetings', async (t) => {
  const text = csv([
    inPerson,
    {
      external_id: 'g2',
      name: 'Online Anxiety Circle',
      online_url: 'https://meet.example.org/a',
      timezone: 'America/New_York',
      day: 'mon',
      start_time: '12:00',
    },
    // Later rows of g1 add meetings; their group columns are ignored.
    { ...inPerson, name: 'Ignored name', day: 'sat', start_time: '10:00', duration_minutes: '' },
    {
      external_id: 'g1',
      day: 'thu',
      start_time: '19:00',
      frequency: 'monthly',
      week_of_month: '-1',
      duration_minutes: '120',
    },
    { ...inPerson, day: 'tue', start_time: '19:00' }, // the same meeting again
  ]);
  const rows = parseCsv(text, options);
  t.same(
    rows.map((r) => [r.index, r.externalId, r.ok]),
    [
      [0, 'g1', true],
      [1, 'g2', true],
    ],
  );
  const g1 = rows[0]?.ok ? rows[0].group : null;
  t.equal(g1?.name, 'Depression & Bipolar Support', 'group fields from the first row');
  t.same(g1?.meetings, [
    { frequency: 'weekly', day: 'tue', week_of_month: null, start_time: '19:00', duration_minutes: 90 },
    { frequency: 'monthly', day: 'thu', week_of_month: -1, start_time: '19:00', duration_minutes: 120 },
    { frequency: 'weekly', day: 'sat', week_of_month: null, start_time: '10:00', duration_minutes: 60 },
  ]);
  const g2 = rows[1]?.ok ? rows[1].group : null;
  t.equal(g2?.attendance, 'online');
  t.same(g2?.online, { url: 'https://meet.example.org/a', dial_in: null, notes: null });
  t.equal(g2?.timezone, 'America/New_York');
  t.equal(g2?.location, null);
});

t.test('the header', async (t) => {
  const minimal = ['external_id', 'name', 'day', 'start_time', 'online_url', 'timezone'];
  const g = group(
    csv(
      [
        {
          external_id: 'x',
          name: 'N',
          day: 'wed',
          start_time: '09:00',
          online_url: 'https://x.org/j',
          timezone: 'UTC',
        },
      ],
      minimal,
    ),
  );
  t.equal(g.attendance, 'online');
  t.same([g.facilitation, g.access, g.cost, g.languages], ['peer_led', 'open', 'free', ['en']], 'defaults');

  const text = 'External ID,NAME, Start-Time ,day,online_url,timezone,\nx,N,09:00,WED,https://x.org/j,UTC,\n';
  t.same(
    group(text).meetings[0],
    { frequency: 'weekly', day: 'wed', week_of_month: null, start_time: '09:00', duration_minutes: 60 },
    'names folded; any order; an unnamed trailing column',
  );

  t.throws(() => parseCsv('external_id,name,day,start_time,colour\n', options), /unknown columns: "colour"/);
  t.throws(
    () => parseCsv('external_id,name,day,start_time,Name\n', options),
    /names the column "name" twice/,
  );
  t.throws(() => parseCsv('external_id,name,day\n', options), /lacks required columns: start_time/);
  t.throws(() => parseCsv('', options), /empty/);
  t.same(parseCsv('external_id,name,day,start_time\n', options), [], 'a header and no rows');
});

t.test('codes are checked against the taxonomy, naming the column', async (t) => {
  const errors = errorsOf(
    csv([
      {
        ...inPerson,
        conditions: 'depression;sadness',
        affinities: 'women;martians',
        languages: 'en;klingon',
        accessibility: 'ramp',
        attendance: 'in person',
        facilitation: 'robot',
        access: 'vip',
        cost: 'expensive',
      },
    ]),
  );
  t.same(errors, [
    { field: 'conditions', reason: 'row 2: unknown code "sadness"' },
    { field: 'affinities', reason: 'row 2: unknown code "martians"' },
    { field: 'languages', reason: 'row 2: unknown code "klingon"' },
    { field: 'accessibility', reason: 'row 2: unknown code "ramp"' },
    {
      field: 'facilitation',
      reason: 'row 2: unknown code "robot" (one of peer_led, professional, co_facilitated)',
    },
    { field: 'access', reason: 'row 2: unknown code "vip" (one of open, closed, registration)' },
    { field: 'cost', reason: 'row 2: unknown code "expensive" (one of free, donation, sliding_scale, fee)' },
    { field: 'attendance', reason: 'row 2: unknown code "in person" (one of in_person, online, hybrid)' },
  ]);
  const g = group(
    csv([{ ...inPerson, conditions: ' Depression ; ANXIETY;;depression', languages: 'es; ase' }]),
  );
  t.same(g.conditions, ['anxiety', 'depression'], 'trimmed, lower-cased, de-duplicated, sorted');
  t.same(g.languages, ['ase', 'es']);
  t.same(
    group(csv([{ ...inPerson, conditions: 'dual_diagnosis' }]), aaOptions()).conditions,
    ['alcohol', 'dual_diagnosis'],
    'default conditions are added',
  );
});

t.test('attendance, location and timezone', async (t) => {
  const url = 'https://zoom.us/j/1';
  t.equal(
    group(csv([{ ...inPerson, online_url: url }])).attendance,
    'hybrid',
    'derived: coordinates and a link',
  );
  t.equal(group(csv([{ ...inPerson }])).attendance, 'in_person', 'derived: coordinates only');
  const online = group(csv([{ ...inPerson, attendance: 'online', online_url: url }]));
  t.equal(online.attendance, 'online', 'stated');
  t.equal(online.location?.locality, 'Austin', 'an online group may keep its area');
  t.equal(group(csv([{ ...inPerson, approximate: 'yes' }])).location?.approximate, true);
  t.equal(group(csv([{ ...inPerson, country: 'United States' }])).location?.country, 'US');
  t.equal(group(csv([{ ...inPerson, timezone: 'America/Chicago' }])).timezone, 'America/Chicago');

  const noPlace: Cells = { ...inPerson, street: '', locality: '', lat: '', lng: '', online_url: url };
  t.same(
    errorsOf(csv([{ ...noPlace, locality: 'Austin' }])),
    [{ field: 'location.lat', reason: 'row 2: coordinates are required for hybrid meetings' }],
    'an address and a link without coordinates read as hybrid',
  );
  t.same(errorsOf(csv([noPlace])), [
    {
      field: 'timezone',
      reason: 'row 2: is required for groups without coordinates (in the file or as the default timezone)',
    },
  ]);
  t.equal(
    group(csv([noPlace]), aaOptions({ defaultConditions: [], defaultTimezone: 'America/Chicago' })).timezone,
    'America/Chicago',
  );
  t.equal(
    group(csv([noPlace]), aaOptions({ defaultConditions: [], defaultTimezone: 'America/Chicago' })).location,
    null,
  );

  t.same(errorsOf(csv([{ ...inPerson, lat: '', lng: '' }])), [
    { field: 'location.lat', reason: 'row 2: coordinates are required for in-person meetings' },
  ]);
  t.same(errorsOf(csv([{ ...inPerson, attendance: 'hybrid', online_url: url, lat: '', lng: '' }])), [
    { field: 'location.lat', reason: 'row 2: coordinates are required for hybrid meetings' },
  ]);
  t.same(
    errorsOf(
      csv([
        {
          ...inPerson,
          lat: '91',
          lng: 'x',
          locality: '',
          country: 'Atlantis',
          approximate: 'maybe',
          timezone: 'Mars/Olympus',
          online_url: 'zoom.us/j/1',
        },
      ]),
    ),
    [
      { field: 'online_url', reason: 'row 2: must be an http(s) URL' },
      { field: 'lat', reason: 'row 2: must be a number from -90 to 90' },
      { field: 'lng', reason: 'row 2: must be a number from -180 to 180' },
      { field: 'timezone', reason: 'row 2: "Mars/Olympus" is not an IANA timezone' },
    ],
    'bad coordinates are reported once, not also as missing',
  );
  t.same(errorsOf(csv([{ ...inPerson, locality: '', country: 'Atlantis', approximate: 'maybe' }])), [
    { field: 'locality', reason: 'row 2: is required with coordinates' },
    { field: 'country', reason: 'row 2: "Atlantis" is not a known country' },
    { field: 'approximate', reason: 'row 2: must be yes or no' },
  ]);
});

t.test('meeting columns are checked on every row', async (t) => {
  const errors = errorsOf(
    csv([
      { ...inPerson, name: '' },
      { external_id: 'g1', day: 'someday', start_time: '7pm' },
      { external_id: 'g1', day: 'mon', start_time: '19:00', duration_minutes: '1000' },
      { external_id: 'g1', day: 'mon', start_time: '19:00', frequency: 'monthly' },
      { external_id: 'g1', day: 'mon', start_time: '19:00', frequency: 'monthly', week_of_month: '6' },
      { external_id: 'g1', day: 'mon', start_time: '19:00', week_of_month: '2' },
      { external_id: 'g1', day: '', start_time: '', frequency: 'daily' },
    ]),
  );
  t.same(errors, [
    { field: 'name', reason: 'row 2: is required' },
    { field: 'day', reason: 'row 3: "someday" is not one of mon, tue, wed, thu, fri, sat, sun' },
    { field: 'start_time', reason: 'row 3: "7pm" is not a 24-hour HH:MM time' },
    { field: 'duration_minutes', reason: 'row 4: must be a whole number from 5 to 720' },
    { field: 'week_of_month', reason: 'row 5: is required for monthly meetings' },
    { field: 'week_of_month', reason: 'row 6: must be 1 to 5, or -1 for the last' },
    { field: 'week_of_month', reason: 'row 7: is only for monthly meetings' },
    { field: 'day', reason: 'row 8: is required' },
    { field: 'start_time', reason: 'row 8: is required' },
    { field: 'frequency', reason: 'row 8: "daily" is not weekly or monthly' },
  ]);
  t.same(errorsOf(csv([{ ...inPerson, name: 'x'.repeat(201) }])), [
    { field: 'name', reason: 'row 2: must be at most 200 characters' },
  ]);
});

t.test('rows that cannot be placed', async (t) => {
  const header = CSV_COLUMNS.join(',');
  const good = csv([inPerson]).split('\n')[1];
  const text = `${header}\n${good}\n\n${','.repeat(CSV_COLUMNS.length - 1)}\nonly,three,fields\n${csv([{ ...inPerson, external_id: '' }]).split('\n')[1]}\n`;
  const rows = parseCsv(text, options);
  t.same(
    rows.map((r) => [r.index, r.externalId, r.ok]),
    [
      [0, 'g1', true],
      [3, 'only', false],
      [4, null, false],
    ],
    'blank rows are skipped but counted, so index + 2 is the spreadsheet row',
  );
  t.same(!rows[1]?.ok && rows[1]?.errors[0], {
    field: '(row)',
    reason: `row 5: has 3 fields; the header has ${CSV_COLUMNS.length}`,
  });
  t.same(!rows[2]?.ok && rows[2]?.errors, [{ field: 'external_id', reason: 'row 6: is required' }]);
});

t.test('determinism', async (t) => {
  const rows: Cells[] = [
    { ...inPerson, conditions: 'depression;bipolar', day: 'fri' },
    { external_id: 'g1', day: 'mon', start_time: '08:00' },
    { external_id: 'g1', day: 'wed', start_time: '08:00' },
  ];
  const a = parseCsv(csv(rows), options);
  t.same(a, parseCsv(csv(rows), options), 'the same file, the same rows');
  const reordered = [
    { ...rows[0]!, conditions: 'bipolar;depression', day: 'wed', start_time: '08:00', duration_minutes: '' },
    { external_id: 'g1', day: 'fri', start_time: '19:00', duration_minutes: '90' },
    rows[1]!,
  ];
  t.same(parseCsv(csv(reordered), options), a, 'meeting rows and codes in another order compare equal');
});
