// A group's schedule flattened into filterable values. `day=tue&time_of_day=evening` has to mean
// "has a Tuesday-evening meeting", which separate `days` and `times` arrays cannot express (a
// Tuesday-morning plus a Monday-evening meeting would match both), so each meeting contributes
// one combined 'tue:evening' slot and the filter asks for any of the wanted slots.

import {
  DAYS,
  type Day,
  type MeetingInput,
  TIMES_OF_DAY,
  type TimeOfDay,
} from '../modules/groups/groups.model.js';
import { timeOfDay } from './time-of-day.js';

export type ScheduleSlot = `${Day}:${TimeOfDay}`;

export interface ScheduleFacets {
  /** Meeting days, Monday first, unique. */
  days: Day[];
  /** 'day:time_of_day' per meeting, in day then time-of-day order, unique. */
  slots: ScheduleSlot[];
}

export function scheduleFacets(
  meetings: ReadonlyArray<Pick<MeetingInput, 'day' | 'start_time'>>,
): ScheduleFacets {
  const days = new Set<Day>();
  const slots = new Set<ScheduleSlot>();
  for (const meeting of meetings) {
    days.add(meeting.day);
    slots.add(`${meeting.day}:${timeOfDay(meeting.start_time)}`);
  }
  return {
    days: DAYS.filter((day) => days.has(day)),
    slots: allSlots().filter((slot) => slots.has(slot)),
  };
}

/**
 * The slots that satisfy a day and/or time-of-day filter (OR within each, AND across them), for a
 * "slots overlap these" query. Null when neither filter is given, i.e. no schedule constraint.
 */
export function slotsMatching(
  days: readonly Day[] | undefined,
  times: readonly TimeOfDay[] | undefined,
): ScheduleSlot[] | null {
  const anyDays = days === undefined || days.length === 0;
  const anyTimes = times === undefined || times.length === 0;
  if (anyDays && anyTimes) return null;
  return allSlots().filter((slot) => {
    const [day, time] = slot.split(':') as [Day, TimeOfDay];
    return (anyDays || days.includes(day)) && (anyTimes || times.includes(time));
  });
}

function allSlots(): ScheduleSlot[] {
  return DAYS.flatMap((day) => TIMES_OF_DAY.map((time): ScheduleSlot => `${day}:${time}`));
}
