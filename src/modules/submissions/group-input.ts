// A group's editable content as one comparable object: built from a request body, from the stored
// row, or from a pending revision; validated against the taxonomy; and diffed field by field for
// the audit trail and the moderation queue.

import type { GroupRecord } from '../../db/types.js';
import { isValidTimezone, timezoneAt } from '../../geo/timezone.js';
import { type InvalidParam, ProblemError } from '../../lib/problem.js';
import type { GroupInput, MeetingInput } from '../groups/groups.model.js';
import type { Taxonomy } from '../taxonomy/taxonomy.service.js';
import type { GroupCreateBody, GroupPatchBody } from './submissions.schemas.js';

type StoredMeeting = {
  frequency: 'weekly' | 'monthly';
  day: string;
  week_of_month: number | null;
  start_time: string;
  duration_minutes: number;
  timezone: string;
  attendance: string | null;
};

const sorted = (values: string[] | undefined) => [...new Set(values ?? [])].sort();

function normalizeMeeting(m: MeetingInput | StoredMeeting, groupTimezone: string | null): MeetingInput {
  const frequency = m.frequency ?? 'weekly';
  return {
    frequency,
    day: m.day as MeetingInput['day'],
    week_of_month: frequency === 'monthly' ? (m.week_of_month ?? null) : null,
    start_time: m.start_time,
    duration_minutes: m.duration_minutes,
    // A meeting in its group's own timezone is stored with it; keep that implicit so that a
    // change of the group's timezone carries its meetings along.
    timezone: m.timezone && m.timezone !== groupTimezone ? m.timezone : null,
    attendance: (m.attendance ?? null) as MeetingInput['attendance'],
  };
}

/** The canonical form: every optional field present, arrays sorted, so equal content is equal JSON. */
export function canonical(input: GroupInput | GroupCreateBody): GroupInput {
  // The timezone a group would get from its location is made explicit, so a body that leaves it
  // out and the stored row that derived it compare equal.
  const timezone =
    input.timezone ?? (input.location ? timezoneAt(input.location.lat, input.location.lng) : null);
  return {
    external_id: input.external_id ?? null,
    name: input.name.trim(),
    description: (input.description ?? '').trim(),
    conditions: sorted(input.conditions),
    affinities: sorted(input.affinities),
    attendance: input.attendance,
    facilitation: input.facilitation,
    access: input.access,
    cost: input.cost,
    languages: sorted(input.languages),
    accessibility: sorted(input.accessibility),
    age_min: input.age_min ?? null,
    age_max: input.age_max ?? null,
    location: input.location
      ? {
          street: input.location.street ?? null,
          locality: input.location.locality,
          region: input.location.region ?? null,
          postal_code: input.location.postal_code ?? null,
          country: input.location.country,
          lat: input.location.lat,
          lng: input.location.lng,
          approximate: input.location.approximate ?? false,
        }
      : null,
    online:
      input.online && (input.online.url || input.online.dial_in || input.online.notes)
        ? {
            url: input.online.url ?? null,
            dial_in: input.online.dial_in ?? null,
            notes: input.online.notes ?? null,
          }
        : null,
    contact:
      input.contact && (input.contact.name || input.contact.email || input.contact.phone)
        ? {
            name: input.contact.name ?? null,
            email: input.contact.email ?? null,
            phone: input.contact.phone ?? null,
          }
        : null,
    website: input.website ?? null,
    timezone,
    temporarily_closed: input.temporarily_closed ?? false,
    closed_note: input.closed_note ?? null,
    meetings: input.meetings.map((m) => normalizeMeeting(m as MeetingInput, timezone)),
  };
}

/** The stored group as input. */
export function inputFromRow(row: GroupRecord, meetings: StoredMeeting[]): GroupInput {
  return canonical({
    external_id: row.external_id,
    name: row.name,
    description: row.description,
    conditions: row.conditions,
    affinities: row.affinities,
    attendance: row.attendance as GroupInput['attendance'],
    facilitation: row.facilitation as GroupInput['facilitation'],
    access: row.access as GroupInput['access'],
    cost: row.cost as GroupInput['cost'],
    languages: row.languages,
    accessibility: row.accessibility,
    age_min: row.age_min,
    age_max: row.age_max,
    location:
      row.lat !== null && row.lng !== null
        ? {
            street: row.street,
            locality: row.locality ?? '',
            region: row.region,
            postal_code: row.postal_code,
            country: row.country ?? '',
            lat: row.lat,
            lng: row.lng,
            approximate: row.location_approximate,
          }
        : null,
    online: { url: row.online_url, dial_in: row.online_dial_in, notes: row.online_notes },
    contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    website: row.website,
    timezone: row.timezone,
    temporarily_closed: row.temporarily_closed,
    closed_note: row.closed_note,
    meetings: meetings.map((m) => normalizeMeeting(m, row.timezone)),
  });
}

/** A PATCH body applied to the current content: the fields it names replace theirs. */
export function applyPatch(current: GroupInput, patch: GroupPatchBody): GroupInput {
  return canonical({ ...current, ...patch } as GroupInput);
}

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** Top-level fields whose values differ. */
export function diff(before: GroupInput | null, after: GroupInput | null): Changes {
  const changes: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of [...keys].sort()) {
    const from = (before as Record<string, unknown> | null)?.[key] ?? null;
    const to = (after as Record<string, unknown> | null)?.[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

const CODE_FIELDS = [
  ['conditions', 'conditions'],
  ['affinities', 'affinities'],
  ['languages', 'languages'],
  ['accessibility', 'accessibility'],
] as const;

/** Rules the body schema can't express; every problem is reported, each naming its field. */
export function validateGroup(input: GroupInput, taxonomy: Taxonomy): void {
  const problems: InvalidParam[] = [];
  const bad = (name: string, reason: string) => problems.push({ name, in: 'body', reason });
  for (const [field, vocabulary] of CODE_FIELDS) {
    input[field].forEach((code, i) => {
      if (!taxonomy.has(vocabulary, code))
        bad(`${field}[${i}]`, `is not a known code (GET /v1/taxonomy/${vocabulary})`);
    });
  }
  if (input.attendance !== 'online' && !input.location)
    bad('location', `is required for ${input.attendance} groups`);
  if (input.attendance !== 'in_person' && !input.online?.url && !input.online?.dial_in) {
    bad('online', `needs a url or dial_in for ${input.attendance} groups`);
  }
  if (input.attendance === 'online' && !input.timezone)
    bad('timezone', 'is required for online groups (IANA, e.g. America/Chicago)');
  if (input.timezone && !isValidTimezone(input.timezone)) bad('timezone', 'is not an IANA timezone');
  if (input.age_min != null && input.age_max != null && input.age_min > input.age_max)
    bad('age_max', 'must be >= age_min');
  if (input.temporarily_closed && !input.closed_note)
    bad('closed_note', 'is required when temporarily_closed is true');
  input.meetings.forEach((m, i) => {
    if (m.frequency === 'monthly' && m.week_of_month == null)
      bad(`meetings[${i}].week_of_month`, 'is required for monthly meetings');
    if (m.timezone && !isValidTimezone(m.timezone)) bad(`meetings[${i}].timezone`, 'is not an IANA timezone');
  });
  if (problems.length > 0) {
    throw new ProblemError(
      400,
      'invalid_parameter',
      'Invalid group',
      problems.map((p) => `${p.name}: ${p.reason}`).join('; '),
      problems,
    );
  }
}
