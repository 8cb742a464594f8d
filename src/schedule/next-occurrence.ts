// The next start of a recurring meeting, as an instant. This is the reference implementation: the
// database computes the same thing in SQL for sorting, and the tests hold the two together.
//
// A meeting is defined by its local wall-clock time, so "19:00 America/New_York" is 23:00Z in
// summer and 00:00Z (the next UTC day) in winter. On the two days a year when that wall-clock time
// is odd, the rule is the one Postgres documents for converting local time (Appendix B.2):
//   - it does not exist (spring forward, 02:30 in New York): read it in the offset before the
//     change, which lands that far past the gap: 02:30 -> 03:30 EDT. Luxon shifts it the same way.
//   - it happens twice (fall back, 01:30 in New York): take the second, in the offset after the
//     change: 01:30 EST. Luxon is not used for this step, because its choice between the two
//     depends on the date the process runs (it guesses from the current offset).

import { DateTime, IANAZone } from 'luxon';
import { isValidTimezone } from '../geo/timezone.js';
import type { Day, MeetingInput } from '../modules/groups/groups.model.js';
import { type LocalTime, parseLocalTime } from './time-of-day.js';

export interface RecurringMeeting {
  frequency: MeetingInput['frequency'];
  day: Day;
  /** Monthly only: 1..5 for the nth such weekday of the month, -1 for the last. */
  week_of_month?: number | null;
  /** Local 'HH:MM'. */
  start_time: string;
  /** IANA timezone of the wall-clock time. */
  timezone: string;
}

const LUXON_WEEKDAY: Readonly<Record<Day, number>> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The first start strictly after `after`, or null when the meeting cannot be scheduled (bad time,
 * timezone, day or week_of_month). Monthly meetings skip months without that weekday (no 5th
 * Tuesday).
 */
export function nextOccurrence(meeting: RecurringMeeting, after: Date): Date | null {
  const time = parseLocalTime(meeting.start_time);
  const weekday = LUXON_WEEKDAY[meeting.day];
  const afterMs = after.getTime();
  if (!time || weekday === undefined || !isValidTimezone(meeting.timezone) || Number.isNaN(afterMs))
    return null;
  const zone = IANAZone.create(meeting.timezone);

  // Candidates are walked by local calendar date, starting the local day before `after`: a start
  // pushed forward by a DST gap can land after midnight, past `after`, on the following date.
  const local = DateTime.fromMillis(afterMs, { zone });
  const firstDate = DateTime.utc(local.year, local.month, local.day).minus({ days: 1 });

  if (meeting.frequency === 'weekly') {
    for (let i = 0; i <= 8; i++) {
      const date = firstDate.plus({ days: i });
      if (date.weekday !== weekday) continue;
      const start = wallClockToInstant(zone, date, time);
      if (start > afterMs) return new Date(start);
    }
    return null;
  }

  if (meeting.frequency === 'monthly') {
    const n = meeting.week_of_month;
    if (n === null || n === undefined || !Number.isInteger(n) || !(n === -1 || (n >= 1 && n <= 5)))
      return null;
    // Every weekday falls five times in a month at least every three months; 15 is a wide margin.
    for (let i = 0; i <= 15; i++) {
      const month = firstDate.startOf('month').plus({ months: i });
      const day = nthWeekdayOfMonth(month.year, month.month, weekday, n);
      if (day === null) continue;
      const start = wallClockToInstant(zone, month.set({ day }), time);
      if (start > afterMs) return new Date(start);
    }
    return null;
  }

  return null;
}

/**
 * Day of the month of the nth (1..5) or last (-1) given weekday (1 = Monday), or null when the
 * month has no such day.
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): number | null {
  const first = DateTime.utc(year, month, 1);
  const daysInMonth = first.daysInMonth!;
  if (n === -1) {
    const lastWeekday = first.set({ day: daysInMonth }).weekday;
    return daysInMonth - ((lastWeekday - weekday + 7) % 7);
  }
  const day = 1 + ((weekday - first.weekday + 7) % 7) + (n - 1) * 7;
  return day <= daysInMonth ? day : null;
}

// Offsets (minutes) by zone and instant. Every page formats the next meetings of 20 groups and the
// same instants come back request after request; asking Intl each time was 6% of a GraphQL list's
// CPU. Cleared when full rather than evicted one by one: refilling costs one Intl call per entry.
const offsets = new Map<string, number>();
const OFFSETS_KEPT = 10_000;

/** ISO 8601 in the zone's local time with its offset and no milliseconds: 2026-11-24T19:00:00-05:00. */
export function formatInZone(date: Date, tz: string): string {
  const ms = Math.floor(date.getTime() / 1000) * 1000;
  const key = `${tz}|${ms}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const zone = IANAZone.create(tz);
    offset = Number.isFinite(ms) && zone.isValid ? zone.offset(ms) : Number.NaN;
    if (!Number.isFinite(offset))
      throw new RangeError(`Cannot format ${String(date)} in timezone ${JSON.stringify(tz)}`);
    if (offsets.size >= OFFSETS_KEPT) offsets.clear();
    offsets.set(key, offset);
  }
  // The local wall-clock reading, in the UTC fields of a shifted date. Not toISO: it writes 'Z' for
  // UTC, and one shape is easier on clients.
  const local = new Date(ms + offset * MINUTE_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

// `date` carries the local calendar date in its UTC fields.
function wallClockToInstant(zone: IANAZone, date: DateTime, time: LocalTime): number {
  // The wall-clock reading as if it were UTC; the instant is this minus the offset in force then.
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // Offsets either side of any transition near this date (no zone changes twice within two days).
  const offsetBefore = zone.offset(wall - DAY_MS);
  const offsetAfter = zone.offset(wall + DAY_MS);
  const valid = [offsetAfter, offsetBefore]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wall - zone.offset(instant) * MINUTE_MS === instant);
  if (valid.length > 0) return Math.max(...valid);
  return wall - offsetBefore * MINUTE_MS;
}
