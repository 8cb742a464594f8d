// GET /v1/groups/{id}/calendar.ics: an RFC 5545 document whose events, expanded with its own
// VTIMEZONE (not the runtime's timezone database), land at the meeting's local time across DST.
// The parsing below is a small reader for what we emit; no iCalendar library is installed.
import { DateTime } from 'luxon';
import t from 'tap';
import { foldLine } from '../../../src/modules/feeds/ical.js';
import { buildTestApp } from '../../helper.js';
import { addGroups, PLACES } from '../../support/fixtures.js';

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}
interface Component {
  type: string;
  props: Property[];
  children: Component[];
}

function unfold(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '');
}

function parse(text: string): Component {
  const root: Component = { type: 'ROOT', props: [], children: [] };
  const stack = [root];
  for (const line of unfold(text)) {
    const colon = line.indexOf(':');
    const [head, ...paramParts] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1);
    const top = stack.at(-1)!;
    if (head === 'BEGIN') {
      const c: Component = { type: value, props: [], children: [] };
      top.children.push(c);
      stack.push(c);
    } else if (head === 'END') {
      if (top.type !== value) throw new Error(`END:${value} closes ${top.type}`);
      stack.pop();
    } else {
      const params = Object.fromEntries(paramParts.map((p) => p.split('=') as [string, string]));
      top.props.push({ name: head!, params, value });
    }
  }
  return root.children[0]!;
}

const prop = (c: Component, name: string) => c.props.find((p) => p.name === name);
const unescapeText = (v: string) =>
  v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function parseLocal(v: string) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(v)!;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return { y, mo, d, h, mi, s, wall: Date.UTC(y, mo - 1, d, h, mi, s) };
}
const offsetMinutes = (v: string) =>
  (v[0] === '-' ? -1 : 1) * (Number(v.slice(1, 3)) * 60 + Number(v.slice(3, 5)));

function nthWeekday(year: number, month: number, byday: string): number {
  const m = /^(-?\d)([A-Z]{2})$/.exec(byday)!;
  const n = Number(m[1]);
  const weekday = WEEKDAYS.indexOf(m[2]!) + 1;
  const first = DateTime.utc(year, month, 1);
  if (n === -1) {
    const last = first.endOf('month');
    return last.day - ((last.weekday - weekday + 7) % 7);
  }
  return 1 + ((weekday - first.weekday + 7) % 7) + (n - 1) * 7;
}

/** UTC instants of a VTIMEZONE's changes, with the offset each one starts. */
function onsets(tz: Component, untilYear: number): { at: number; to: number }[] {
  const out: { at: number; to: number }[] = [];
  for (const o of tz.children) {
    const start = parseLocal(prop(o, 'DTSTART')!.value);
    const from = offsetMinutes(prop(o, 'TZOFFSETFROM')!.value);
    const to = offsetMinutes(prop(o, 'TZOFFSETTO')!.value);
    const rrule = prop(o, 'RRULE')?.value;
    if (!rrule) {
      out.push({ at: start.wall - from * 60_000, to });
      continue;
    }
    const rule = Object.fromEntries(rrule.split(';').map((p) => p.split('='))) as Record<string, string>;
    if (rule.FREQ !== 'YEARLY') throw new Error(`unexpected ${rrule}`);
    for (let y = start.y; y <= untilYear; y++) {
      const month = Number(rule.BYMONTH);
      const day = nthWeekday(y, month, rule.BYDAY!);
      out.push({ at: Date.UTC(y, month - 1, day, start.h, start.mi, start.s) - from * 60_000, to });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** A local wall time in a VTIMEZONE -> the UTC instant. */
function toUtc(tz: Component, wall: number): number {
  const list = onsets(tz, new Date(wall).getUTCFullYear() + 1);
  const offsetAt = (instant: number) => {
    let offset: number | null = null;
    for (const o of list) if (o.at <= instant) offset = o.to;
    if (offset === null) throw new Error(`${new Date(instant).toISOString()} is before the VTIMEZONE`);
    return offset;
  };
  const candidates = [...new Set(list.map((o) => o.to))]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => wall - offsetAt(instant) * 60_000 === instant);
  if (candidates.length === 0) throw new Error('wall time in a gap');
  return Math.max(...candidates);
}

const { app, db } = await buildTestApp(t);
const [weeklyId, areaId, draftId] = await addGroups(db, [
  {
    name: 'Evening Circle, NYC; "Tuesdays"',
    description: `Line one\nLine two with a backslash \\ and ümlauts, emoji 🌈 ${'é'.repeat(80)}`,
    location: { ...PLACES.manhattan, street: '151 W 34th St' },
    meetings: [
      { frequency: 'weekly', day: 'tue', start_time: '19:00', duration_minutes: 90 },
      { frequency: 'monthly', day: 'thu', week_of_month: 3, start_time: '18:30', duration_minutes: 60 },
      { frequency: 'monthly', day: 'fri', week_of_month: -1, start_time: '12:00', duration_minutes: 45 },
    ],
  },
  {
    name: 'London Area Group',
    attendance: 'hybrid',
    online: { url: 'https://meet.example.org/london?id=1,2;x' },
    location: { ...PLACES.london, street: '1 Secret Lane', approximate: true },
    meetings: [{ frequency: 'weekly', day: 'sun', start_time: '10:30', duration_minutes: 60 }],
  },
  { name: 'Draft Group', status: 'draft' },
]);

t.test('a weekly meeting stays at 19:00 New York time across the November change', async (t) => {
  const res = await app.inject({ url: `/v1/groups/${weeklyId}/calendar.ics` });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
  const text = res.body;
  t.ok(text.endsWith('\r\n'));
  t.notMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'every line ends in CRLF');
  const lines = text.split('\r\n');
  t.ok(
    lines.every((l) => Buffer.byteLength(l, 'utf8') <= 75),
    'lines are folded at 75 octets',
  );

  const cal = parse(text);
  t.equal(cal.type, 'VCALENDAR');
  t.equal(prop(cal, 'VERSION')?.value, '2.0');
  t.ok(prop(cal, 'PRODID')?.value);
  const events = cal.children.filter((c) => c.type === 'VEVENT');
  const zones = cal.children.filter((c) => c.type === 'VTIMEZONE');
  t.equal(events.length, 3);
  t.same(
    zones.map((z) => prop(z, 'TZID')?.value),
    ['America/New_York'],
  );
  const ny = zones[0]!;
  t.same(ny.children.map((c) => c.type).sort(), ['DAYLIGHT', 'STANDARD']);
  t.same(ny.children.map((c) => prop(c, 'RRULE')?.value).sort(), [
    'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  ]);

  const [weekly, third, last] = events as [Component, Component, Component];
  t.match(prop(weekly, 'UID')?.value, /^[0-9a-f-]{36}@circles$/);
  t.equal(prop(weekly, 'SUMMARY')?.value, 'Evening Circle\\, NYC\\; "Tuesdays"', 'text is escaped');
  t.equal(
    unescapeText(prop(weekly, 'DESCRIPTION')!.value),
    `Line one\nLine two with a backslash \\ and ümlauts, emoji 🌈 ${'é'.repeat(80)}`,
    'multi-line, multibyte text survives escaping and folding',
  );
  t.equal(prop(weekly, 'LOCATION')?.value, '151 W 34th St\\, New York\\, NY 10001\\, US');
  t.equal(prop(weekly, 'DURATION')?.value, 'PT90M');
  t.equal(prop(weekly, 'RRULE')?.value, 'FREQ=WEEKLY;BYDAY=TU');
  t.equal(prop(third, 'RRULE')?.value, 'FREQ=MONTHLY;BYDAY=3TH');
  t.equal(prop(last, 'RRULE')?.value, 'FREQ=MONTHLY;BYDAY=-1FR');
  t.ok(prop(weekly, 'DTSTAMP')?.value.endsWith('Z'));

  const dtstart = prop(weekly, 'DTSTART')!;
  t.equal(dtstart.params.TZID, 'America/New_York');
  const start = parseLocal(dtstart.value);
  t.equal(DateTime.utc(start.y, start.mo, start.d).weekday, 2, 'DTSTART is a Tuesday');
  t.equal(`${start.h}:${start.mi}`, '19:0');

  // Expand 60 weeks with the file's own VTIMEZONE; compare with the timezone database.
  const offsets = new Set<number>();
  let crossedNovember = false;
  for (let week = 0; week < 60; week++) {
    const wall = start.wall + week * 7 * 86_400_000;
    const utc = toUtc(ny, wall);
    const local = DateTime.fromMillis(utc, { zone: 'America/New_York' });
    t.equal(local.toFormat('ccc HH:mm'), 'Tue 19:00', `week ${week}: ${local.toISO()}`);
    offsets.add(local.offset);
    const next = DateTime.fromMillis(toUtc(ny, wall + 7 * 86_400_000), { zone: 'America/New_York' });
    if (local.offset === -240 && next.offset === -300 && next.month === 11) crossedNovember = true;
  }
  t.same(
    [...offsets].sort((a, b) => a - b),
    [-300, -240],
    'both EDT and EST occurrences',
  );
  t.ok(crossedNovember, '23:00Z before the November change, 00:00Z after');

  // The monthly ones start on a third Thursday and a last Friday.
  const t3 = parseLocal(prop(third, 'DTSTART')!.value);
  t.equal(DateTime.utc(t3.y, t3.mo, t3.d).weekday, 4);
  t.ok(t3.d >= 15 && t3.d <= 21);
  const lf = parseLocal(prop(last, 'DTSTART')!.value);
  const lfDate = DateTime.utc(lf.y, lf.mo, lf.d);
  t.equal(lfDate.weekday, 5);
  t.ok(lf.d + 7 > lfDate.daysInMonth!, 'the last Friday of its month');
});

t.test('approximate places show the area; online links; Europe/London', async (t) => {
  const res = await app.inject({ url: `/v1/groups/${areaId}/calendar.ics` });
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, /Secret Lane/);
  const cal = parse(res.body);
  const [event] = cal.children.filter((c) => c.type === 'VEVENT') as [Component];
  t.equal(prop(event, 'LOCATION')?.value, 'London\\, GB');
  t.equal(prop(event, 'URL')?.value, 'https://meet.example.org/london?id=1,2;x');
  const [zone] = cal.children.filter((c) => c.type === 'VTIMEZONE') as [Component];
  t.equal(prop(zone, 'TZID')?.value, 'Europe/London');
  t.same(zone.children.map((c) => prop(c, 'RRULE')?.value).sort(), [
    'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  ]);
  const start = parseLocal(prop(event, 'DTSTART')!.value);
  for (let week = 0; week < 60; week++) {
    const utc = toUtc(zone, start.wall + week * 7 * 86_400_000);
    t.equal(DateTime.fromMillis(utc, { zone: 'Europe/London' }).toFormat('ccc HH:mm'), 'Sun 10:30');
  }
});

t.test('unknown and unpublished groups are 404 problems', async (t) => {
  for (const id of [draftId, '00000000-0000-4000-8000-000000000000', 'no-such-group']) {
    const res = await app.inject({ url: `/v1/groups/${id}/calendar.ics` });
    t.equal(res.statusCode, 404);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.equal(res.json().code, 'not_found');
  }
});

t.test('folding', async (t) => {
  t.equal(foldLine('a'.repeat(75)), 'a'.repeat(75));
  t.equal(foldLine('a'.repeat(76)), `${'a'.repeat(75)}\r\n a`);
  const folded = foldLine(`X:${'€'.repeat(40)}`);
  for (const l of folded.split('\r\n')) t.ok(Buffer.byteLength(l) <= 75);
  t.equal(folded.replace(/\r\n /g, ''), `X:${'€'.repeat(40)}`, 'no character is split');
});

// The same file through a real iCalendar library (ical.js, as calendar apps use): it parses, and
// expanding the weekly rule with the file's own VTIMEZONE gives 19:00 New York time every week,
// on both sides of the daylight-saving changes.
t.test('ical.js parses the file and expands the rule to the right local times', async (t) => {
  const ICAL = (await import('ical.js')).default;
  const text = (await app.inject({ url: `/v1/groups/${weeklyId}/calendar.ics` })).body;
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const weekly = calendar
    .getAllSubcomponents('vevent')
    .map((v) => new ICAL.Event(v))
    .find((e) => e.component.getFirstPropertyValue('rrule')?.toString() === 'FREQ=WEEKLY;BYDAY=TU');
  t.ok(weekly, 'the weekly event is there');
  const iterator = weekly!.iterator();
  const offsets = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const next = iterator.next();
    if (!next) break;
    const local = DateTime.fromJSDate(next.toJSDate(), { zone: 'America/New_York' });
    if (local.toFormat('ccc HH:mm') !== 'Tue 19:00') t.fail(`occurrence ${i}: ${local.toISO()}`);
    offsets.add(local.toFormat('ZZ'));
  }
  t.same([...offsets].sort(), ['-04:00', '-05:00'], 'both summer and winter offsets were crossed');
});
