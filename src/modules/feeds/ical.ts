// iCalendar (RFC 5545) for a group's meetings: one recurring VEVENT per meeting, in the meeting's
// own timezone, with a VTIMEZONE for every TZID used so that clients without a timezone database
// (or with an older one) still place each occurrence right across daylight-saving changes.
import { DateTime, IANAZone } from 'luxon';
import { nextOccurrence } from '../../schedule/next-occurrence.js';
import type { MeetingDto } from '../groups/groups.schemas.js';
import type { GroupWithMeetings } from './meeting-guide-export.js';

export const PRODID = '-//Circles//Peer Support Directory//EN';

/** Our day codes as iCalendar BYDAY values (also HSDS schedules' `byday`). */
export const BYDAY: Readonly<Record<MeetingDto['day'], string>> = {
  mon: 'MO',
  tue: 'TU',
  wed: 'WE',
  thu: 'TH',
  fri: 'FR',
  sat: 'SA',
  sun: 'SU',
};
const ICAL_WEEKDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const; // luxon weekday - 1

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space, which
 * counts toward their 75. UTF-8 sequences are never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of the continuation takes one octet
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Lines -> the iCalendar text: folded, CRLF-terminated. */
export function serialize(lines: string[]): string {
  return lines.map((l) => `${foldLine(l)}\r\n`).join('');
}

function utcStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function localStamp(dt: DateTime): string {
  return dt.toFormat("yyyyMMdd'T'HHmmss");
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

interface Transition {
  /** The instant of the change. */
  at: number;
  from: number;
  to: number;
}

/** Offset changes of `zone` in [startMs, endMs), found hourly and refined to the minute. */
function transitions(zone: IANAZone, startMs: number, endMs: number): Transition[] {
  const HOUR = 3_600_000;
  const out: Transition[] = [];
  let previous = zone.offset(startMs);
  for (let t = startMs + HOUR; t < endMs; t += HOUR) {
    const offset = zone.offset(t);
    if (offset === previous) continue;
    let lo = t - HOUR;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (zone.offset(mid) === previous) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, from: previous, to: offset });
    previous = offset;
  }
  return out;
}

/** The yearly rule of a transition: its month and nth (or last, -1) weekday, in local time before it. */
function ruleOf(zone: IANAZone, t: Transition) {
  const local = DateTime.fromMillis(t.at + t.from * 60_000, { zone: 'utc' });
  const last = local.day + 7 > local.daysInMonth!;
  const nth = last ? -1 : Math.ceil(local.day / 7);
  return {
    local,
    month: local.month,
    byday: `${nth}${ICAL_WEEKDAY[local.weekday - 1]}`,
    time: local.toFormat('HHmmss'),
    zone,
  };
}

function observanceName(zone: IANAZone, at: number): string | null {
  const name = zone.offsetName(at, { format: 'short', locale: 'en-US' });
  return name && !/^GMT[+-]/.test(name) ? name : null;
}

/**
 * A VTIMEZONE for `tzid` that holds from `fromYear` on: STANDARD/DAYLIGHT observances with yearly
 * RRULEs when the zone's changes follow "nth weekday of the month" rules (checked over the next
 * years), otherwise one observance per change over the years given. Zones without changes get one
 * STANDARD observance.
 */
export function vtimezone(tzid: string, fromYear: number, years = 12): string[] {
  // Finding the changes probes the zone every hour for 12 years (about 100,000 Intl lookups, 1-2 s
  // of CPU): uncached, every anonymous GET of a calendar cost that (found by fuzzing). The result
  // depends only on the arguments; zones come from stored groups, so the cache stays small.
  const key = `${tzid}|${fromYear}|${years}`;
  const cached = VTIMEZONE_CACHE.get(key);
  if (cached) return [...cached];
  const lines = buildVtimezone(tzid, fromYear, years);
  if (VTIMEZONE_CACHE.size >= 1_000) VTIMEZONE_CACHE.clear();
  VTIMEZONE_CACHE.set(key, lines);
  return [...lines];
}

const VTIMEZONE_CACHE = new Map<string, string[]>();

function buildVtimezone(tzid: string, fromYear: number, years: number): string[] {
  const zone = IANAZone.create(tzid);
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(fromYear + years, 0, 1);
  const changes = transitions(zone, start, end);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tzid}`];
  const observance = (t: Transition, extra: string[]) => {
    const kind = t.to > t.from ? 'DAYLIGHT' : 'STANDARD';
    const name = observanceName(zone, t.at);
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(DateTime.fromMillis(t.at + t.from * 60_000, { zone: 'utc' }))}`,
      `TZOFFSETFROM:${offsetText(t.from)}`,
      `TZOFFSETTO:${offsetText(t.to)}`,
      ...extra,
      ...(name ? [`TZNAME:${name}`] : []),
      `END:${kind}`,
    );
  };

  if (changes.length === 0) {
    const offset = zone.offset(start);
    const name = observanceName(zone, start);
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${offsetText(offset)}`,
      `TZOFFSETTO:${offsetText(offset)}`,
      ...(name ? [`TZNAME:${name}`] : []),
      'END:STANDARD',
    );
    lines.push('END:VTIMEZONE');
    return lines;
  }

  // Try yearly rules: the first year's changes, each repeating on the same nth weekday every year.
  const firstYear = changes.slice(0, 2);
  const rules = firstYear.map((t) => ruleOf(zone, t));
  const regular =
    changes.length === 2 * years &&
    changes.every((t, i) => {
      const rule = rules[i % 2]!;
      const r = ruleOf(zone, t);
      const model = firstYear[i % 2]!;
      return (
        r.month === rule.month &&
        r.byday === rule.byday &&
        r.time === rule.time &&
        t.from === model.from &&
        t.to === model.to
      );
    });
  if (regular) {
    firstYear.forEach((t, i) => {
      const rule = rules[i]!;
      observance(t, [`RRULE:FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=${rule.byday}`]);
    });
  } else {
    for (const t of changes) observance(t, []);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The RRULE value of a meeting. */
export function rruleOf(meeting: MeetingDto): string {
  const day = BYDAY[meeting.day];
  if (meeting.frequency === 'monthly') return `FREQ=MONTHLY;BYDAY=${meeting.week_of_month ?? 1}${day}`;
  return `FREQ=WEEKLY;BYDAY=${day}`;
}

function locationText(group: GroupWithMeetings): string | null {
  const l = group.location;
  if (!l) return null;
  const regionPostal = [l.region, l.postal_code].filter(Boolean).join(' ');
  const parts = l.approximate
    ? [l.locality, l.region, l.country]
    : [l.street, l.locality, regionPostal || null, l.country];
  return parts.filter(Boolean).join(', ') || null;
}

/**
 * The group's meetings as an iCalendar document. DTSTART is the first occurrence after the group
 * was created (stable, so a subscribed calendar does not see the event move every week).
 */
export function groupCalendar(group: GroupWithMeetings, now: Date): string {
  const created = new Date(group.created_at);
  const stamp = utcStamp(new Date(group.updated_at));
  const events: string[] = [];
  const zones = new Map<string, number>(); // tzid -> earliest year used
  for (const meeting of group.meetings) {
    const first = nextOccurrence(meeting, created) ?? nextOccurrence(meeting, now);
    if (!first) continue;
    const local = DateTime.fromJSDate(first, { zone: meeting.timezone });
    zones.set(meeting.timezone, Math.min(zones.get(meeting.timezone) ?? local.year, local.year));
    const attendance = meeting.attendance ?? group.attendance;
    const inPerson = attendance !== 'online';
    const online = attendance !== 'in_person';
    const location = inPerson ? locationText(group) : null;
    const url = online ? (group.online?.url ?? null) : null;
    const description = [
      group.description.trim(),
      online && group.online?.dial_in ? `Dial-in: ${group.online.dial_in}` : '',
      online && group.online?.notes ? group.online.notes : '',
      group.temporarily_closed ? (group.closed_note ?? 'Temporarily not meeting.') : '',
    ]
      .filter(Boolean)
      .join('\n\n');
    events.push(
      'BEGIN:VEVENT',
      `UID:${meeting.id}@circles`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${stamp}`,
      `DTSTART;TZID=${meeting.timezone}:${localStamp(local)}`,
      `DURATION:PT${meeting.duration_minutes}M`,
      `RRULE:${rruleOf(meeting)}`,
      `SUMMARY:${escapeText(group.name)}`,
      ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
      ...(location ? [`LOCATION:${escapeText(location)}`] : []),
      ...(url ? [`URL:${url}`] : []),
      'END:VEVENT',
    );
  }
  // Rules from the year before the first DTSTART, so every occurrence falls after the first observance.
  const timezones = [...zones]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([tz, year]) => vtimezone(tz, year - 1));
  return serialize([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(group.name)}`,
    ...timezones,
    ...events,
    'END:VCALENDAR',
  ]);
}
