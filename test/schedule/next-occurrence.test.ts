import { DateTime, Settings } from 'luxon';
import t from 'tap';
import {
  formatInZone,
  nextOccurrence,
  nthWeekdayOfMonth,
  type RecurringMeeting,
} from '../../src/schedule/next-occurrence.js';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

const weekly = (day: RecurringMeeting['day'], start_time: string, timezone: string): RecurringMeeting => ({
  frequency: 'weekly',
  day,
  start_time,
  timezone,
});

t.test('the wall-clock time stays fixed across DST', async (t) => {
  const tuesdayEvening = weekly('tue', '19:00', 'America/New_York');
  const summer = nextOccurrence(tuesdayEvening, at('2026-07-01T12:00:00Z'));
  t.equal(iso(summer), '2026-07-07T23:00:00.000Z', '19:00 EDT is 23:00Z');
  const winter = nextOccurrence(tuesdayEvening, at('2026-11-20T12:00:00Z'));
  t.equal(iso(winter), '2026-11-25T00:00:00.000Z', '19:00 EST is midnight UTC, the next UTC day');
  t.equal(formatInZone(winter!, 'America/New_York'), '2026-11-24T19:00:00-05:00');
});

t.test('America/New_York, Sunday 01:30, November fall-back (01:30 happens twice)', async (t) => {
  const meeting = weekly('sun', '01:30', 'America/New_York');
  t.equal(iso(nextOccurrence(meeting, at('2026-10-20T00:00:00Z'))), '2026-10-25T05:30:00.000Z', 'EDT week');
  // Like Postgres: an ambiguous local time is read in the offset after the change (EST).
  const fallBack = nextOccurrence(meeting, at('2026-10-30T12:00:00Z'));
  t.equal(iso(fallBack), '2026-11-01T06:30:00.000Z', 'the second 01:30, EST');
  t.equal(formatInZone(fallBack!, 'America/New_York'), '2026-11-01T01:30:00-05:00');
  t.equal(
    iso(nextOccurrence(meeting, at('2026-11-01T05:45:00Z'))),
    '2026-11-01T06:30:00.000Z',
    'between the two 01:30s the meeting is still ahead',
  );
  t.equal(
    iso(nextOccurrence(meeting, fallBack!)),
    '2026-11-08T06:30:00.000Z',
    'strictly after: a start equal to `after` is not next',
  );
});

t.test('America/New_York, March spring-forward (02:00-02:59 does not exist)', async (t) => {
  const early = weekly('sun', '01:30', 'America/New_York');
  t.equal(
    iso(nextOccurrence(early, at('2026-03-01T12:00:00Z'))),
    '2026-03-08T06:30:00.000Z',
    '01:30 EST, before the jump',
  );
  t.equal(
    iso(nextOccurrence(early, at('2026-03-08T06:30:00Z'))),
    '2026-03-15T05:30:00.000Z',
    '01:30 EDT a week later',
  );

  // 02:30 on 8 March 2026 never happens. Like luxon and Postgres, it is read in the offset before the
  // change (EST), which is 03:30 EDT: the meeting moves an hour later that one day.
  const gap = weekly('sun', '02:30', 'America/New_York');
  const shifted = nextOccurrence(gap, at('2026-03-02T00:00:00Z'));
  t.equal(iso(shifted), '2026-03-08T07:30:00.000Z');
  t.equal(formatInZone(shifted!, 'America/New_York'), '2026-03-08T03:30:00-04:00');
  t.equal(
    DateTime.fromObject(
      { year: 2026, month: 3, day: 8, hour: 2, minute: 30 },
      { zone: 'America/New_York' },
    ).toMillis(),
    shifted!.getTime(),
    'the same instant luxon gives for the nonexistent time',
  );
  t.equal(iso(nextOccurrence(gap, shifted!)), '2026-03-15T06:30:00.000Z', 'back to 02:30 the week after');
});

t.test('Europe/London, Sunday 01:30 (BST starts and ends at 01:00 UTC)', async (t) => {
  const meeting = weekly('sun', '01:30', 'Europe/London');
  const spring = nextOccurrence(meeting, at('2026-03-23T00:00:00Z'));
  t.equal(iso(spring), '2026-03-29T01:30:00.000Z', '01:30 GMT does not exist that day; it becomes 02:30 BST');
  t.equal(formatInZone(spring!, 'Europe/London'), '2026-03-29T02:30:00+01:00');
  t.equal(iso(nextOccurrence(meeting, spring!)), '2026-04-05T00:30:00.000Z', '01:30 BST');
  const autumn = nextOccurrence(meeting, at('2026-10-19T00:00:00Z'));
  t.equal(iso(autumn), '2026-10-25T01:30:00.000Z', 'the second 01:30, GMT');
  t.equal(formatInZone(autumn!, 'Europe/London'), '2026-10-25T01:30:00+00:00');
  t.equal(iso(nextOccurrence(meeting, at('2026-10-12T00:00:00Z'))), '2026-10-18T00:30:00.000Z', '01:30 BST');
});

t.test('ambiguous times do not depend on the date the process runs', async (t) => {
  // Luxon's own choice between the two 01:30s follows the offset in force "now".
  const meeting = weekly('sun', '01:30', 'America/New_York');
  const realNow = Settings.now;
  t.teardown(() => {
    Settings.now = realNow;
  });
  const results = ['2026-01-15T00:00:00Z', '2026-07-15T00:00:00Z'].map((now) => {
    Settings.now = () => Date.parse(now);
    return iso(nextOccurrence(meeting, at('2026-10-30T12:00:00Z')));
  });
  t.same(results, ['2026-11-01T06:30:00.000Z', '2026-11-01T06:30:00.000Z']);
});

t.test('monthly: last Friday', async (t) => {
  const meeting: RecurringMeeting = {
    frequency: 'monthly',
    day: 'fri',
    week_of_month: -1,
    start_time: '18:30',
    timezone: 'America/Chicago',
  };
  const starts: string[] = [];
  let after = at('2026-01-01T00:00:00Z');
  for (let i = 0; i < 4; i++) {
    const next = nextOccurrence(meeting, after)!;
    starts.push(formatInZone(next, 'America/Chicago'));
    after = next;
  }
  t.same(starts, [
    '2026-01-30T18:30:00-06:00',
    '2026-02-27T18:30:00-06:00',
    '2026-03-27T18:30:00-05:00',
    '2026-04-24T18:30:00-05:00',
  ]);
});

t.test('monthly: months without a 5th Tuesday are skipped', async (t) => {
  const meeting: RecurringMeeting = {
    frequency: 'monthly',
    day: 'tue',
    week_of_month: 5,
    start_time: '19:00',
    timezone: 'America/New_York',
  };
  // 2026 has five Tuesdays in March, June, September and December.
  t.equal(iso(nextOccurrence(meeting, at('2026-01-01T00:00:00Z'))), '2026-03-31T23:00:00.000Z');
  t.equal(iso(nextOccurrence(meeting, at('2026-04-01T00:00:00Z'))), '2026-06-30T23:00:00.000Z');
  t.equal(iso(nextOccurrence(meeting, at('2026-07-01T00:00:00Z'))), '2026-09-29T23:00:00.000Z');
  t.equal(iso(nextOccurrence(meeting, at('2026-10-01T00:00:00Z'))), '2026-12-30T00:00:00.000Z');
});

t.test('monthly: nth weekday', async (t) => {
  const meeting: RecurringMeeting = {
    frequency: 'monthly',
    day: 'mon',
    week_of_month: 1,
    start_time: '10:00',
    timezone: 'Europe/London',
  };
  t.equal(
    formatInZone(nextOccurrence(meeting, at('2026-05-05T00:00:00Z'))!, 'Europe/London'),
    '2026-06-01T10:00:00+01:00',
  );
  t.equal(nthWeekdayOfMonth(2026, 2, 1, 4), 23, '4th Monday of February 2026');
  t.equal(nthWeekdayOfMonth(2026, 2, 1, 5), null, 'no 5th Monday in February 2026');
  t.equal(nthWeekdayOfMonth(2026, 5, 5, -1), 29, 'last Friday of May 2026');
  t.equal(nthWeekdayOfMonth(2026, 5, 7, -1), 31, 'last Sunday of May 2026 is the last day');
  t.equal(nthWeekdayOfMonth(2024, 2, 4, 5), 29, '5th Thursday of February 2024, a leap year');
});

t.test('weekly: same day, before and after the start', async (t) => {
  const meeting = weekly('wed', '12:00', 'UTC');
  t.equal(iso(nextOccurrence(meeting, at('2026-06-03T11:59:59Z'))), '2026-06-03T12:00:00.000Z');
  t.equal(iso(nextOccurrence(meeting, at('2026-06-03T12:00:00Z'))), '2026-06-10T12:00:00.000Z');
  t.equal(iso(nextOccurrence(meeting, at('2026-06-03T12:00:00.001Z'))), '2026-06-10T12:00:00.000Z');
});

t.test('invalid meetings give null', async (t) => {
  const base = weekly('mon', '19:00', 'America/New_York');
  const after = at('2026-06-01T00:00:00Z');
  t.equal(nextOccurrence({ ...base, start_time: '7pm' }, after), null);
  t.equal(nextOccurrence({ ...base, timezone: 'Mars/Olympus_Mons' }, after), null);
  t.equal(nextOccurrence({ ...base, day: 'funday' as 'mon' }, after), null);
  t.equal(nextOccurrence(base, new Date(Number.NaN)), null);
  for (const week_of_month of [undefined, null, 0, 6, -2, 1.5]) {
    t.equal(
      nextOccurrence({ ...base, frequency: 'monthly', week_of_month }, after),
      null,
      `week_of_month ${week_of_month}`,
    );
  }
});

t.test('formatInZone', async (t) => {
  t.equal(
    formatInZone(at('2026-11-25T00:00:00.999Z'), 'America/New_York'),
    '2026-11-24T19:00:00-05:00',
    'drops ms',
  );
  t.equal(
    formatInZone(at('2026-06-01T12:00:00Z'), 'UTC'),
    '2026-06-01T12:00:00+00:00',
    'numeric offset for UTC',
  );
  t.equal(formatInZone(at('2026-06-01T12:00:00Z'), 'Asia/Kolkata'), '2026-06-01T17:30:00+05:30');
  t.throws(() => formatInZone(at('2026-06-01T12:00:00Z'), 'Mars/Olympus_Mons'), RangeError);
});

function wallClockDelay(local: DateTime, startTime: string): number {
  const [h, m] = startTime.split(':').map(Number) as [number, number];
  return local.hour * 60 + local.minute - (h * 60 + m);
}

t.test('properties over many zones and instants', async (t) => {
  const zones = [
    'America/New_York',
    'Europe/London',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
  ];
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  let failures = 0;
  // Deterministic pseudo-random walk through 2026-2027.
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 2000; i++) {
    const timezone = zones[i % zones.length]!;
    const day = days[Math.floor(random() * 7)]!;
    const hh = String(Math.floor(random() * 24)).padStart(2, '0');
    const start_time = `${hh}:${random() < 0.5 ? '00' : '30'}`;
    const after = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 730 * 86_400_000));
    const next = nextOccurrence({ frequency: 'weekly', day, start_time, timezone }, after);
    const local = next && DateTime.fromJSDate(next, { zone: timezone });
    const ok =
      next !== null &&
      local !== null &&
      next > after &&
      next.getTime() - after.getTime() <= 7 * 86_400_000 + 3_600_000 &&
      local.toFormat('ccc').toLowerCase() === day &&
      // The wall clock shows the start time, except when a DST gap moved it later (by at most an hour).
      wallClockDelay(local, start_time) >= 0 &&
      wallClockDelay(local, start_time) <= (local.toFormat('HH:mm') === start_time ? 0 : 60) &&
      // Nothing earlier qualifies: asking again from just before gives the same start.
      nextOccurrence(
        { frequency: 'weekly', day, start_time, timezone },
        new Date(next.getTime() - 1),
      )?.getTime() === next.getTime();
    if (!ok) failures++;
  }
  t.equal(failures, 0);
});

// formatInZone builds the string itself from a remembered offset; Luxon's own formatting is the
// reference, over a year of instants (both DST changes) in zones with odd and negative offsets.
t.test('formatInZone matches Luxon across DST changes and unusual offsets', async (t) => {
  const zones = [
    'America/New_York',
    'Europe/London',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'UTC',
    'America/St_Johns',
  ];
  let checked = 0;
  for (const zone of zones) {
    for (let ms = Date.UTC(2026, 0, 1, 0, 17, 42); ms < Date.UTC(2027, 0, 1); ms += 7 * 3_600_000 + 1234) {
      const expected = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toFormat(
        "yyyy-MM-dd'T'HH:mm:ssZZ",
      );
      const actual = formatInZone(new Date(ms), zone);
      if (actual !== expected) {
        t.equal(actual, expected, `${zone} at ${new Date(ms).toISOString()}`);
        return;
      }
      checked++;
    }
  }
  t.ok(checked > 7000, `${checked} instants agree`);
  t.throws(() => formatInZone(new Date(), 'Not/A_Zone'), RangeError);
});
