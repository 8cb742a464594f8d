// Time-of-day buckets, always of the meeting's local wall-clock time (a 19:00 meeting is
// "evening" wherever the person searching is).

import type { TimeOfDay } from '../modules/groups/groups.model.js';

export interface LocalTime {
  hour: number;
  minute: number;
}

/** Strict 'HH:MM', 00:00 to 23:59; null for anything else ('9:00', '24:00', '19:00:00'). */
export function parseLocalTime(input: string): LocalTime | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(input);
  if (!match) return null;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/**
 * morning 05:00-11:59, afternoon 12:00-16:59, evening 17:00-20:59, night 21:00-04:59.
 * Night belongs to the meeting's own day: a Tuesday 01:00 meeting is Tuesday night.
 */
export function timeOfDay(startTime: string): TimeOfDay {
  const time = parseLocalTime(startTime);
  if (!time) throw new RangeError(`Not an 'HH:MM' time: ${JSON.stringify(startTime)}`);
  const { hour } = time;
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}
