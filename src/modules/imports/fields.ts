// Value checks and normalisations shared by the importers. Each reader returns a normalised value
// or records an ImportError; none of them throws for bad input.
import { scopesForQualifier } from '../../geo/regions.js';
import { isValidTimezone } from '../../geo/timezone.js';
import { DAYS, type MeetingInput } from '../groups/groups.model.js';
import { type ImportError, type ImportOptions, LIST_VOCABULARIES } from './imports.model.js';

export const NAME_MAX_LENGTH = 200;
/** The meetings table accepts 5..720 minutes. */
export const DURATION_MIN = 5;
export const DURATION_MAX = 720;
/** Meeting Guide: "It will default to one hour after the start time if omitted." Ours too. */
export const DEFAULT_DURATION = 60;

/** A trimmed, non-empty string; numbers become their decimal form; anything else is null. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * 'HH:MM' for a 24-hour clock time. Accepts 'H:MM' (the Meeting Guide schema's own pattern allows a
 * one-digit hour) and a zero ':SS' suffix, which some feed generators append.
 */
export function parseClock(value: string): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59 || (m[3] !== undefined && Number(m[3]) > 59)) return null;
  return `${String(hours).padStart(2, '0')}:${m[2]}`;
}

export function minutesOfDay(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Minutes from start to end, wrapping past midnight ('23:00'-'00:30' is 90). */
export function durationBetween(start: string, end: string): number {
  return (((minutesOfDay(end) - minutesOfDay(start)) % 1440) + 1440) % 1440;
}

/** Absent (undefined, null, ''), a finite number, or invalid. Numeric strings count as numbers. */
export function readNumber(value: unknown): { present: false } | { present: true; value: number | null } {
  if (value === undefined || value === null) return { present: false };
  if (typeof value === 'number') return { present: true, value: Number.isFinite(value) ? value : null };
  if (typeof value !== 'string') return { present: true, value: null };
  const trimmed = value.trim();
  if (trimmed === '') return { present: false };
  return { present: true, value: /^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : null };
}

export interface Coordinates {
  lat: number;
  lng: number;
}

/**
 * Reads a latitude/longitude pair. Returns the point, or null when absent or invalid; invalid input is
 * recorded in `errors` under the given field names. 0,0 is treated as absent: feeds use it as a
 * placeholder for "not geocoded", and nobody meets at Null Island.
 */
export function readCoordinates(
  latValue: unknown,
  lngValue: unknown,
  fields: { lat: string; lng: string },
  errors: ImportError[],
): { point: Coordinates | null; invalid: boolean } {
  const lat = readNumber(latValue);
  const lng = readNumber(lngValue);
  if (!lat.present && !lng.present) return { point: null, invalid: false };
  let invalid = false;
  const check = (read: typeof lat, field: string, other: string, limit: number) => {
    if (!read.present) {
      errors.push({ field, reason: `is required when ${other} is given` });
      invalid = true;
    } else if (read.value === null || read.value < -limit || read.value > limit) {
      errors.push({ field, reason: `must be a number from -${limit} to ${limit}` });
      invalid = true;
    }
  };
  check(lat, fields.lat, fields.lng, 90);
  check(lng, fields.lng, fields.lat, 180);
  if (invalid || !lat.present || !lng.present || lat.value === null || lng.value === null) {
    return { point: null, invalid };
  }
  if (lat.value === 0 && lng.value === 0) return { point: null, invalid: false };
  return { point: { lat: lat.value, lng: lng.value }, invalid: false };
}

/** An absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** ISO 3166-1 alpha-2 for a country code or English name ('US', 'USA', 'United States', 'Canada'). */
export function normalizeCountry(value: string): string | null {
  return scopesForQualifier(value).find((s) => s.admin === undefined)?.country ?? null;
}

/** The country of a US state, Canadian province or UK nation ('IL' -> 'US', 'ON' -> 'CA'), if any. */
export function countryOfRegion(value: string): string | null {
  return scopesForQualifier(value).find((s) => s.admin !== undefined)?.country ?? null;
}

// isValidTimezone builds an Intl formatter per call (~60 µs); a feed repeats a handful of zones.
const timezoneValidity = new Map<string, boolean>();

/** isValidTimezone, memoised. */
export function isKnownTimezone(tz: string): boolean {
  let valid = timezoneValidity.get(tz);
  if (valid === undefined) {
    valid = isValidTimezone(tz);
    if (timezoneValidity.size < 1000) timezoneValidity.set(tz, valid);
  }
  return valid;
}

/** A valid IANA zone name, trimmed; null when absent or unknown. */
export function validTimezone(value: unknown): string | null {
  const tz = text(value);
  return tz !== null && isKnownTimezone(tz) ? tz : null;
}

/** Sorted (code point order, locale-independent) and de-duplicated. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Meetings in a canonical order (Monday first, then start time, ...) without duplicates, so that a
 * re-import of the same schedule written in another order compares equal.
 */
export function canonicalMeetings(meetings: MeetingInput[]): MeetingInput[] {
  const key = (m: MeetingInput) =>
    [
      DAYS.indexOf(m.day),
      m.start_time,
      m.frequency,
      String((m.week_of_month ?? 0) + 10).padStart(2, '0'),
      String(m.duration_minutes).padStart(4, '0'),
    ].join('|');
  const byKey = new Map<string, MeetingInput>();
  for (const m of meetings) if (!byKey.has(key(m))) byKey.set(key(m), m);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
}

/**
 * Checks the options once per import. Mistakes here are the caller's, not the input's, so they throw:
 * a missing vocabulary would otherwise silently drop every code of that kind.
 */
export function checkOptions(options: ImportOptions): void {
  for (const vocabulary of LIST_VOCABULARIES) {
    if (!(options.taxonomyCodes[vocabulary] instanceof Set)) {
      throw new Error(`ImportOptions.taxonomyCodes has no '${vocabulary}' vocabulary`);
    }
  }
  const conditions = options.taxonomyCodes.conditions!;
  const unknown = options.defaultConditions.filter((c) => !conditions.has(c));
  if (unknown.length > 0) {
    throw new Error(`ImportOptions.defaultConditions has unknown condition codes: ${unknown.join(', ')}`);
  }
  if (options.defaultTimezone !== undefined && !isKnownTimezone(options.defaultTimezone)) {
    throw new Error(`ImportOptions.defaultTimezone is not an IANA timezone: ${options.defaultTimezone}`);
  }
}
