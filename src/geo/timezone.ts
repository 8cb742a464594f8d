// Timezones: derived from coordinates when a group does not state one, and validated when it does.

import tzlookup from '@photostructure/tz-lookup';
import { IANAZone } from 'luxon';

/**
 * The IANA timezone at a point, e.g. 'America/Chicago'. Open sea gives 'Etc/GMT+N'.
 * Throws a RangeError for coordinates out of range, which validation should have caught.
 */
export function timezoneAt(lat: number, lng: number): string {
  if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) {
    throw new RangeError(`Coordinates out of range: ${lat}, ${lng}`);
  }
  return tzlookup(lat, lng);
}

/**
 * True for names the runtime's timezone database knows ('Europe/London', 'UTC', and legacy links
 * such as 'US/Eastern'); false for offsets ('+05:00'), abbreviations that are not zones, and junk.
 * Matching is case-insensitive, as it is in Intl and in Postgres.
 */
export function isValidTimezone(tz: string): boolean {
  return typeof tz === 'string' && tz.length > 0 && tz.length <= 64 && IANAZone.isValidZone(tz);
}
