// Times, schedules and distances, in the viewer's own timezone and locale.
import type { Strings } from './i18n.js';
import type { Group, Meeting } from './types.js';

const DAY_INDEX: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** "Tuesday, Dec 1, 6:00 PM CST": an instant in the viewer's timezone, with that zone named. */
export function nextMeeting(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A day name in the locale ("Tuesday", "martes"). */
export function dayName(day: string, locale: string): string {
  // 2023-01-01 was a Sunday.
  const date = new Date(Date.UTC(2023, 0, 1 + (DAY_INDEX[day] ?? 0), 12));
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(date);
}

/** A wall-clock "19:00" in the locale's style ("7:00 PM", "19:00"). */
export function wallClock(hhmm: string, locale: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  const date = new Date(Date.UTC(2023, 0, 1, h ?? 0, m ?? 0));
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    date,
  );
}

/** "Every Tuesday at 7:00 PM New York time (90 min)": the schedule as the group keeps it. */
export function schedule(m: Meeting, t: Strings, locale: string): string {
  const day = dayName(m.day, locale);
  const when =
    m.frequency === 'monthly' && m.week_of_month !== null
      ? t.monthly(m.week_of_month < 0 ? t.last : (t.nth[m.week_of_month] ?? ''), day)
      : t.every(day);
  const city = (m.timezone.split('/').pop() ?? m.timezone).replace(/_/g, ' ');
  return `${when} ${t.localTime(wallClock(m.start_time, locale), city)} (${t.minutes(m.duration_minutes)})`;
}

/** Miles where people measure in miles, kilometres elsewhere. */
export function distance(g: Group, country: string | null, locale: string): string | null {
  const miles = country === 'US' || country === 'GB' || (!country && locale.endsWith('-US'));
  const value = miles ? g.distance_mi : g.distance_km;
  if (value === null) return null;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${miles ? 'mi' : 'km'}`;
}
