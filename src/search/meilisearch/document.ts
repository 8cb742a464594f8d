// A group as a Meilisearch document. The document holds what search needs and nothing the Postgres
// engine would not use either: the same searchable text as the `search_vector` trigger (name, the
// en+es labels of the group's conditions and affinities, description, locality/region/postal code),
// every filter and facet value, and the keys the sorts use. Never the street, contact details or
// links: the index is a search structure, the API reads groups from Postgres by the ids it returns.
import type { GroupRow, MeetingRow } from '../../db/types.js';
import { TIMES_OF_DAY } from '../../modules/groups/groups.model.js';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy.service.js';
import type { IndexDocument } from '../indexer.js';

/** The columns of a group row the document is built from (a `SELECT *` row fits). */
export type IndexableGroupRow = Partial<Pick<GroupRow, 'location_approximate'>> &
  Pick<
    GroupRow,
    | 'id'
    | 'organization_id'
    | 'name'
    | 'description'
    | 'conditions'
    | 'affinities'
    | 'attendance'
    | 'facilitation'
    | 'access'
    | 'cost'
    | 'languages'
    | 'accessibility'
    | 'age_min'
    | 'age_max'
    | 'locality'
    | 'region'
    | 'postal_code'
    | 'country'
    | 'lat'
    | 'lng'
    | 'status'
    | 'meeting_days'
    | 'schedule_slots'
    | 'last_verified_at'
    | 'version'
    | 'created_at'
    | 'updated_at'
  >;

/** A meeting as stored (`start_time` as Postgres returns `time`, 'HH:MM:SS', or already 'HH:MM'). */
export type StoredMeeting = Pick<
  MeetingRow,
  'frequency' | 'day' | 'week_of_month' | 'start_time' | 'timezone'
>;

export interface DocumentOrganization {
  id: string;
  name: string;
}

/** A meeting in the document: enough to compute the next start (src/schedule/next-occurrence.ts). */
export interface DocumentMeeting {
  frequency: 'weekly' | 'monthly';
  day: string;
  week_of_month: number | null;
  /** Local 'HH:MM'. */
  start_time: string;
  timezone: string;
}

/** Stand-ins for an open audience age range, so that `age_min <= age AND age_max >= age` holds. */
export const AGE_MIN_OPEN = 0;
export const AGE_MAX_OPEN = 200;

/** The label languages the Postgres trigger puts into the search vector. */
export const LABEL_LANGUAGES = ['en', 'es'] as const;

export interface GroupDocument extends IndexDocument {
  /** The group's uuid: only hex digits and hyphens, valid as a Meilisearch document id. */
  id: string;
  /** The row's version; the indexer refuses to send a version older than the one indexed. */
  version: number;
  name: string;
  description: string;
  conditions: string[];
  /** English and Spanish labels of the conditions, for text search. */
  condition_labels: string[];
  affinities: string[];
  affinity_labels: string[];
  attendance: string;
  facilitation: string;
  access: string;
  cost: string;
  languages: string[];
  accessibility: string[];
  /** As on the row: meeting days, Monday first ('mon'). */
  meeting_days: string[];
  /** As on the row: one 'day:time_of_day' per meeting ('tue:evening'). */
  schedule_slots: string[];
  /** The time-of-day part of the slots, for the time_of_day facet. */
  times_of_day: string[];
  meetings: DocumentMeeting[];
  /** AGE_MIN_OPEN when the row has none. */
  age_min: number;
  /** AGE_MAX_OPEN when the row has none. */
  age_max: number;
  locality: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  /**
   * Present only when the row has coordinates (online groups may have an approximate point of
   * origin). The row's own coordinates, as the Postgres engine measures from them; rounded to
   * 0.01 degree (~1 km) when the location is approximate.
   */
  _geo?: { lat: number; lng: number };
  is_online: boolean;
  organization_id: string;
  /** Stored for operators reading the index; not searchable, as in the Postgres engine. */
  organization_name: string;
  status: 'published';
  /**
   * Epoch seconds of coalesce(last_verified_at, created_at), with the milliseconds node-postgres
   * reads, so the freshness cut-off falls where Postgres puts it.
   */
  verified_at: number;
  /** Epoch seconds (millisecond precision, for the same order as Postgres). */
  updated_at: number;
}

/** Only published groups are searchable; any other status is removed from the index. */
export function isIndexable(row: Pick<GroupRow, 'status'>): boolean {
  return row.status === 'published';
}

export function toSearchDocument(
  row: IndexableGroupRow,
  meetings: readonly StoredMeeting[],
  organization: DocumentOrganization,
  taxonomy: Taxonomy,
): GroupDocument {
  if (!isIndexable(row)) throw new Error(`group ${row.id} is ${row.status}, not published: not indexable`);
  if (organization.id !== row.organization_id)
    throw new Error(`group ${row.id} belongs to ${row.organization_id}, not ${organization.id}`);

  const slotTimes = new Set(row.schedule_slots.map((slot) => slot.slice(slot.indexOf(':') + 1)));
  const document: GroupDocument = {
    id: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    conditions: [...row.conditions],
    condition_labels: labels(taxonomy, 'conditions', row.conditions),
    affinities: [...row.affinities],
    affinity_labels: labels(taxonomy, 'affinities', row.affinities),
    attendance: row.attendance,
    facilitation: row.facilitation,
    access: row.access,
    cost: row.cost,
    languages: [...row.languages],
    accessibility: [...row.accessibility],
    meeting_days: [...row.meeting_days],
    schedule_slots: [...row.schedule_slots],
    times_of_day: TIMES_OF_DAY.filter((t) => slotTimes.has(t)),
    meetings: meetings.map((m) => ({
      frequency: m.frequency,
      day: m.day,
      week_of_month: m.week_of_month,
      start_time: m.start_time.slice(0, 5),
      timezone: m.timezone,
    })),
    age_min: row.age_min ?? AGE_MIN_OPEN,
    age_max: row.age_max ?? AGE_MAX_OPEN,
    locality: row.locality,
    region: row.region,
    postal_code: row.postal_code,
    country: row.country,
    is_online: row.attendance === 'online',
    organization_id: row.organization_id,
    organization_name: organization.name,
    status: 'published',
    verified_at: epochSeconds(row.last_verified_at ?? row.created_at),
    updated_at: epochSeconds(row.updated_at),
  };
  if (row.lat !== null && row.lng !== null) {
    // An approximate location is an area (~1 km) on every public surface, and an index is one: a
    // search key may be handed to a front end, and documents can be read back. Round as the API does
    // (src/modules/groups/groups.service.ts); radius filters then measure from the area's centre.
    document._geo = row.location_approximate
      ? { lat: round2(row.lat), lng: round2(row.lng) }
      : { lat: row.lat, lng: row.lng };
  }
  return document;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Epoch seconds, fractional to the millisecond. */
export function epochSeconds(date: Date | string): number {
  const ms = new Date(date).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${String(date)}`);
  return ms / 1000;
}

// Labels of the terms, as the trigger collects them: codes the taxonomy no longer knows add nothing.
function labels(taxonomy: Taxonomy, vocabulary: string, codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const code of codes) {
    const term = taxonomy.term(vocabulary, code);
    for (const lang of LABEL_LANGUAGES) {
      const label = term?.labels[lang];
      if (label && !out.includes(label)) out.push(label);
    }
  }
  return out;
}
