// Our groups as a Meeting Guide JSON feed (Code4Recovery spec, github.com/code4recovery/spec): the
// reverse of src/modules/imports/meeting-guide.ts. One entry per weekly meeting.
//
// - The spec is for weekly meetings only ("It is recommended to use a separate page to list monthly
//   or non-recurring meetings"), so monthly meetings are left out of the feed. They are in each
//   group's iCalendar file (GET /v1/groups/{id}/calendar.ics).
// - `slug` is the group slug plus the meeting's 1-based position among the group's meetings, so it
//   is unique in the feed and stays put when a later meeting is added.
// - Type codes are the import table read backwards (TYPE_MAP and LANGUAGE_TYPES there). Where the
//   import folds several codes into one of our terms (G, L, BI -> lgbtq), the export writes the
//   general code (LGBTQ). Only codes in the spec's data/types.json are written: ONL is not one, so
//   online meetings are told by `conference_url`/`conference_phone`, as the spec says.
// - Approximate locations: `approximate: "yes"`, no street and no coordinates (TSML UI would read
//   coordinates as a precise point). Online meetings of a group with a place give that place's area,
//   approximate, as the spec's "point of origin"; online-only groups have no place and carry
//   `regions: ["Online"]` instead of an address.
import type { GroupDto, MeetingDto } from '../groups/groups.schemas.js';

/** A group with its meetings typed (GroupDto's are a schema reference). */
export type GroupWithMeetings = Omit<GroupDto, 'meetings'> & { meetings: MeetingDto[] };

const DAY_NUMBER: Readonly<Record<MeetingDto['day'], number>> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

/** Our term -> Meeting Guide type codes, per vocabulary (the import's TYPE_MAP, reversed). */
export const EXPORT_TYPE_CODES: {
  readonly access: Readonly<Record<string, readonly string[]>>;
  readonly conditions: Readonly<Record<string, readonly string[]>>;
  readonly affinities: Readonly<Record<string, readonly string[]>>;
  readonly accessibility: Readonly<Record<string, readonly string[]>>;
  readonly languages: Readonly<Record<string, readonly string[]>>;
} = {
  // Registration has no code: neither O nor C (the import reads that as open; the notes say more).
  access: { open: ['O'], closed: ['C'] },
  conditions: { dual_diagnosis: ['DD'] },
  affinities: {
    lgbtq: ['LGBTQ'],
    transgender_nonbinary: ['T', 'NB'],
    women: ['W'],
    men: ['M'],
    young_adults: ['Y'],
    seniors: ['SEN'],
    bipoc: ['POC'],
    indigenous: ['NDG'],
    secular: ['A'],
    // deaf_hard_of_hearing: D-HOH is only a proposed type, not in types.json.
  },
  accessibility: {
    wheelchair_accessible: ['X'],
    accessible_restroom: ['XB'],
    fragrance_free: ['FF'],
    childcare: ['BA'],
    asl_interpretation: ['ASL'],
  },
  // BCP 47 -> the spec's language codes (the import's LANGUAGE_TYPES, reversed). zh, vi and ht have
  // no Meeting Guide code; ase is written as ASL through accessibility or below.
  languages: {
    en: ['EN'],
    es: ['S'],
    fr: ['FR'],
    ko: ['KOR'],
    tl: ['TL'],
    ar: ['AR'],
    ru: ['RUS'],
    pt: ['POR'],
    ase: ['ASL'],
  },
};

/** TC, "Location Temporarily Closed": the import reads it (without a conference link) as paused. */
const TEMPORARILY_CLOSED = 'TC';

export interface MeetingGuideEntry {
  name: string;
  slug: string;
  day: number;
  time: string;
  end_time: string;
  timezone: string;
  types: string[];
  notes?: string;
  address?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
  latitude?: number;
  longitude?: number;
  approximate?: 'yes' | 'no';
  regions?: string[];
  conference_url?: string;
  conference_url_notes?: string;
  conference_phone?: string;
  url?: string;
  updated: string;
  entity: string;
  contact_1_name?: string;
  contact_1_email?: string;
  contact_1_phone?: string;
}

/** The Meeting Guide type codes of a group, sorted and unique. */
export function typeCodes(group: GroupWithMeetings): string[] {
  const codes = new Set<string>();
  const add = (table: Readonly<Record<string, readonly string[]>>, values: readonly string[]) => {
    for (const value of values) for (const code of table[value] ?? []) codes.add(code);
  };
  add(EXPORT_TYPE_CODES.access, [group.access]);
  add(EXPORT_TYPE_CODES.conditions, group.conditions);
  add(EXPORT_TYPE_CODES.affinities, group.affinities);
  add(EXPORT_TYPE_CODES.accessibility, group.accessibility);
  add(EXPORT_TYPE_CODES.languages, group.languages);
  if (group.temporarily_closed) codes.add(TEMPORARILY_CLOSED);
  return [...codes].sort();
}

/** 'HH:MM' plus minutes, wrapping past midnight. */
export function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** UTC 'YYYY-MM-DD HH:MM:SS'. */
export function meetingGuideTimestamp(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** The feed entries of one group (with its meetings): one per weekly meeting. */
export function toMeetingGuideEntries(group: GroupWithMeetings): MeetingGuideEntry[] {
  const types = typeCodes(group);
  const entries: MeetingGuideEntry[] = [];
  group.meetings.forEach((meeting, index) => {
    if (meeting.frequency !== 'weekly') return; // Weekly only, per the spec (see the top of this file).
    const attendance = meeting.attendance ?? group.attendance;
    const online = attendance === 'online' || attendance === 'hybrid';
    const inPerson = attendance === 'in_person' || attendance === 'hybrid';
    const entry: MeetingGuideEntry = {
      name: group.name,
      slug: `${group.slug}-${index + 1}`,
      day: DAY_NUMBER[meeting.day],
      time: meeting.start_time,
      end_time: addMinutes(meeting.start_time, meeting.duration_minutes),
      timezone: meeting.timezone,
      types,
      updated: meetingGuideTimestamp(group.updated_at),
      entity: group.organization.name,
    };
    const notes = [group.description.trim()];
    if (group.access === 'registration') notes.push('Registration is required before the first meeting.');
    if (group.temporarily_closed && group.closed_note) notes.push(group.closed_note);
    const joined = notes.filter(Boolean).join('\n\n');
    if (joined) entry.notes = joined;

    const location = group.location;
    if (location) {
      // An online meeting of a group with a place gives the area only, as its point of origin.
      const approximate = location.approximate || !inPerson;
      if (!approximate && location.street) entry.address = location.street;
      if (location.locality) entry.city = location.locality;
      if (location.region) entry.state = location.region;
      if (location.postal_code) entry.postal_code = location.postal_code;
      if (location.country) entry.country = location.country;
      if (!approximate) {
        entry.latitude = round5(location.lat);
        entry.longitude = round5(location.lng);
      }
      entry.approximate = approximate ? 'yes' : 'no';
    } else {
      entry.regions = ['Online'];
      entry.approximate = 'yes';
    }
    if (online && group.online) {
      if (group.online.url) entry.conference_url = group.online.url;
      if (group.online.notes) entry.conference_url_notes = group.online.notes;
      if (group.online.dial_in) entry.conference_phone = group.online.dial_in;
    }
    if (group.website) entry.url = group.website;
    // First names only, as stored (the spec and our submissions both ask for that).
    if (group.contact?.name) entry.contact_1_name = group.contact.name;
    if (group.contact?.email) entry.contact_1_email = group.contact.email;
    if (group.contact?.phone) entry.contact_1_phone = group.contact.phone;
    entries.push(entry);
  });
  return entries;
}

function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}
