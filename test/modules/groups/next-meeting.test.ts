// Next meeting times: computed in SQL (for sorting) and in JS (the reference); both must agree,
// including across daylight-saving changes, and the API shows them with the group's offset.

import { sql } from 'kysely';
import t from 'tap';
import type { Day } from '../../../src/modules/groups/groups.model.js';
import { nextOccurrence } from '../../../src/schedule/next-occurrence.js';
import { buildTestApp } from '../../helper.js';
import { addGroups, PLACES } from '../../support/fixtures.js';

// Saturday 31 October 2026, noon UTC: the US falls back on Sunday 1 November.
const now = new Date('2026-10-31T12:00:00Z');
const { app, db } = await buildTestApp(t, { clock: () => now });

const [sundayNy, london, lastFriday] = await addGroups(db, [
  {
    name: 'Sunday Evening Circle',
    meetings: [{ frequency: 'weekly', day: 'sun', start_time: '19:00', duration_minutes: 60 }],
  },
  {
    name: 'London Grief Circle',
    location: { ...PLACES.london },
    meetings: [{ frequency: 'weekly', day: 'mon', start_time: '18:30', duration_minutes: 60 }],
  },
  {
    name: 'Last Friday Circle',
    meetings: [
      { frequency: 'monthly', day: 'fri', week_of_month: -1, start_time: '10:00', duration_minutes: 60 },
    ],
  },
]);

t.test('next meeting across the US fall-back, with the offset of the day', async (t) => {
  const { data } = (await app.inject({ url: `/v1/groups/${sundayNy}` })).json();
  t.equal(data.timezone, 'America/New_York');
  t.equal(data.next_meeting, '2026-11-01T19:00:00-05:00', 'Sunday after the change: EST');
  t.equal(data.meetings[0].next_start, '2026-11-01T19:00:00-05:00');
});

t.test('timezone derived from coordinates; London is already on GMT', async (t) => {
  const { data } = (await app.inject({ url: `/v1/groups/${london}` })).json();
  t.equal(data.timezone, 'Europe/London');
  t.equal(data.next_meeting, '2026-11-02T18:30:00Z'.replace('Z', '+00:00'));
});

t.test('monthly on the last Friday', async (t) => {
  const { data } = (await app.inject({ url: `/v1/groups/${lastFriday}` })).json();
  t.equal(data.next_meeting, '2026-11-27T10:00:00-05:00');
});

t.test("a search page shows each group's meetings as the group itself does", async (t) => {
  // The page reads its meetings in the page's statement, a group read in its own: one shape.
  const { data } = (await app.inject({ url: '/v1/groups?sort=next_meeting' })).json();
  for (const listed of data) {
    const { data: single } = (await app.inject({ url: `/v1/groups/${listed.id}` })).json();
    t.same(listed.meetings, single.meetings, listed.name);
  }
  t.equal(data[0].meetings[0].next_start, '2026-11-01T19:00:00-05:00');
});

t.test('sort=next_meeting orders by the soonest meeting', async (t) => {
  const { data } = (await app.inject({ url: '/v1/groups?sort=next_meeting' })).json();
  t.same(
    data.map((g: { id: string }) => g.id),
    [sundayNy, london, lastFriday],
  );
});

t.test('SQL and the JS reference agree on hundreds of meetings and moments', async (t) => {
  const zones = [
    'America/New_York',
    'America/Los_Angeles',
    'Europe/London',
    'Australia/Sydney',
    'Asia/Kolkata',
  ];
  const days: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const moments = [
    '2026-03-08T06:30:00Z', // US spring forward (02:00 local in New York)
    '2026-03-29T00:59:00Z', // EU spring forward
    '2026-10-25T00:30:00Z', // EU fall back
    '2026-11-01T05:30:00Z', // US fall back
    '2026-04-05T15:00:00Z', // Sydney falls back
    '2026-12-31T23:59:00Z',
    '2027-01-31T12:00:00Z',
  ];
  const times = ['00:30', '01:30', '02:30', '09:00', '19:00', '23:45'];
  let compared = 0;
  for (const timezone of zones) {
    for (const moment of moments) {
      for (const [i, day] of days.entries()) {
        const start_time = times[i % times.length]!;
        const variants = [
          { frequency: 'weekly' as const, week_of_month: null },
          { frequency: 'monthly' as const, week_of_month: [1, 2, 3, 4, 5, -1][i % 6]! },
        ];
        for (const v of variants) {
          const meeting = { ...v, day, start_time, timezone };
          const expected = nextOccurrence(meeting, new Date(moment));
          const { rows } = await sql<{ next: Date | null }>`
            SELECT circles_next_occurrence(${v.frequency}, ${day}, ${v.week_of_month}::smallint, ${start_time}::time, ${timezone}, ${moment}::timestamptz) AS next
          `.execute(db);
          const actual = rows[0]?.next ?? null;
          if (actual?.getTime() !== expected?.getTime()) {
            t.fail(
              `${JSON.stringify(meeting)} after ${moment}: SQL ${actual?.toISOString()} JS ${expected?.toISOString()}`,
            );
          }
          compared++;
        }
      }
    }
  }
  t.equal(compared, zones.length * moments.length * days.length * 2);
});
