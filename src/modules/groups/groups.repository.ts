// All SQL about groups and their meetings. Functions take a Kysely instance or a transaction.
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Database, GroupRecord, MeetingsTable } from '../../db/types.js';
import { timezoneAt } from '../../geo/timezone.js';
import { isUuid } from '../../lib/ids.js';
import { scheduleFacets } from '../../schedule/slots.js';
import type { GroupInput, GroupStatus } from './groups.model.js';

type Executor = Kysely<Database>;

/** Row values for a group input: derived timezone and the denormalised schedule facets. */
export function groupRowValues(input: GroupInput) {
  const loc = input.location ?? null;
  const timezone = input.timezone ?? (loc ? timezoneAt(loc.lat, loc.lng) : null);
  if (!timezone) throw new Error(`group "${input.name}" needs a timezone or a location`);
  const meetings = input.meetings.map((m) => ({ ...m, timezone: m.timezone ?? timezone }));
  const { days, slots } = scheduleFacets(meetings);
  return {
    group: {
      external_id: input.external_id ?? null,
      name: input.name,
      description: input.description,
      conditions: input.conditions,
      affinities: input.affinities,
      attendance: input.attendance,
      facilitation: input.facilitation,
      access: input.access,
      cost: input.cost,
      languages: input.languages,
      accessibility: input.accessibility,
      age_min: input.age_min ?? null,
      age_max: input.age_max ?? null,
      street: loc?.street ?? null,
      locality: loc?.locality ?? null,
      region: loc?.region ?? null,
      postal_code: loc?.postal_code ?? null,
      country: loc?.country ?? null,
      lat: loc?.lat ?? null,
      lng: loc?.lng ?? null,
      location_approximate: loc?.approximate ?? false,
      online_url: input.online?.url ?? null,
      online_dial_in: input.online?.dial_in ?? null,
      online_notes: input.online?.notes ?? null,
      contact_name: input.contact?.name ?? null,
      contact_email: input.contact?.email ?? null,
      contact_phone: input.contact?.phone ?? null,
      website: input.website ?? null,
      timezone,
      temporarily_closed: input.temporarily_closed ?? false,
      closed_note: input.closed_note ?? null,
      last_verified_at: input.last_verified_at ?? null,
      meeting_days: days,
      schedule_slots: slots,
    },
    meetings: meetings.map((m, position) => ({
      position,
      frequency: m.frequency,
      day: m.day,
      week_of_month: m.frequency === 'monthly' ? (m.week_of_month ?? 1) : null,
      start_time: m.start_time,
      duration_minutes: m.duration_minutes,
      timezone: m.timezone,
      attendance: m.attendance ?? null,
    })),
  };
}

export interface NewGroup {
  organizationId: string;
  slug: string;
  status: GroupStatus;
  input: GroupInput;
}

/** Insert groups with their meetings (caller provides the transaction). Returns ids in input order. */
export async function insertGroups(db: Executor, groups: NewGroup[]): Promise<string[]> {
  if (groups.length === 0) return [];
  const prepared = groups.map((g) => ({ ...groupRowValues(g.input), g }));
  const inserted = await db
    .insertInto('groups')
    .values(
      prepared.map((p) => ({
        ...p.group,
        organization_id: p.g.organizationId,
        slug: p.g.slug,
        status: p.g.status,
      })),
    )
    .returning('id')
    .execute();
  const meetings = prepared.flatMap((p, i) => p.meetings.map((m) => ({ ...m, group_id: inserted[i]!.id })));
  if (meetings.length > 0) await db.insertInto('meetings').values(meetings).execute();
  return inserted.map((r) => r.id);
}

/** A meeting's (`m`) next start after `now` (DST-aware, in SQL). */
const nextStartOf = (now: Date) =>
  sql<Date | null>`circles_next_occurrence(m.frequency, m.day, m.week_of_month, m.start_time, m.timezone, ${now})`;

/** The soonest start of any of group `g`'s meetings after `now`. */
export const nextMeetingOf = (now: Date) =>
  sql<Date | null>`(SELECT min(${nextStartOf(now)}) FROM meetings m WHERE m.group_id = g.id)`;

// Every column of a group but the search-only ones (search_vector, earth_point): a page of 20
// groups would otherwise carry their whole text vectors to Node only to drop them.
const GROUP_COLUMNS = [
  'g.id',
  'g.slug',
  'g.organization_id',
  'g.external_id',
  'g.name',
  'g.description',
  'g.conditions',
  'g.affinities',
  'g.attendance',
  'g.facilitation',
  'g.access',
  'g.cost',
  'g.languages',
  'g.accessibility',
  'g.age_min',
  'g.age_max',
  'g.street',
  'g.locality',
  'g.region',
  'g.postal_code',
  'g.country',
  'g.lat',
  'g.lng',
  'g.location_approximate',
  'g.online_url',
  'g.online_dial_in',
  'g.online_notes',
  'g.contact_name',
  'g.contact_email',
  'g.contact_phone',
  'g.website',
  'g.timezone',
  'g.status',
  'g.temporarily_closed',
  'g.closed_note',
  'g.meeting_days',
  'g.schedule_slots',
  'g.last_verified_at',
  'g.version',
  'g.created_at',
  'g.updated_at',
] as const;
// Compile-time check that the list names every column of GroupRecord (a new column fails here).
type Listed = (typeof GROUP_COLUMNS)[number] extends `g.${infer C}` ? C : never;
/** A column of a group as the read paths load it. */
export type GroupColumn = Listed;
const _everyColumn: Record<Exclude<keyof GroupRecord, Listed>, never> = {};

function groupsWithOrganization(db: Executor, now: Date) {
  return db
    .selectFrom('groups as g')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .select(GROUP_COLUMNS)
    .select([
      'o.slug as organization_slug',
      'o.name as organization_name',
      nextMeetingOf(now).as('next_meeting'),
    ]);
}

/** A group as the read paths load it: its columns, its organization's slug and name, its next meeting. */
export type LoadedGroup = GroupRecord & {
  organization_slug: string;
  organization_name: string;
  next_meeting: Date | null;
};

/** A meeting as the read paths load it (start_time as HH:MM), with its next start after "now". */
export type LoadedMeeting = Omit<Selectable<MeetingsTable>, 'group_id' | 'position'> & {
  next_start: Date | null;
};

/** A group with its meetings, in their order. */
export type LoadedGroupWithMeetings = LoadedGroup & { meetings: LoadedMeeting[] };

/**
 * The meetings of group `g` as one JSON array, a column of the group's row: a group and its
 * meetings then cost one statement. JSON carries next_start as text; meetingsFromJson makes it a Date.
 */
const meetingsJsonOf = (now: Date) =>
  sql<MeetingJson[]>`(SELECT coalesce(json_agg(json_build_object(
       'id', m.id, 'frequency', m.frequency, 'day', m.day, 'week_of_month', m.week_of_month,
       'start_time', to_char(m.start_time, 'HH24:MI'), 'duration_minutes', m.duration_minutes,
       'timezone', m.timezone, 'attendance', m.attendance, 'next_start', ${nextStartOf(now)}
     ) ORDER BY m.position), '[]'::json)
     FROM meetings m WHERE m.group_id = g.id)`;

type MeetingJson = Omit<LoadedMeeting, 'next_start'> & { next_start: string | null };

/** The `meetings` column of loadedGroupColumns(now, { meetings: true }), as pg parsed its JSON. */
export type MeetingsColumn = { meetings: MeetingJson[] };

function meetingsFromJson(meetings: MeetingJson[]): LoadedMeeting[] {
  return meetings.map((m) => ({ ...m, next_start: m.next_start === null ? null : new Date(m.next_start) }));
}

/**
 * The part of a group a read needs, when not all of it: the columns, and whether the next
 * meeting (computed per meeting, the costliest column) is wanted. The id, the organization's id,
 * slug and name always come. Every other column reads as NULL, so a row keeps its shape.
 */
export interface GroupProjection {
  columns: ReadonlySet<GroupColumn>;
  nextMeeting: boolean;
}

const ALWAYS: ReadonlySet<GroupColumn> = new Set(['id', 'organization_id']);
const ALL_COLUMNS = sql.join(GROUP_COLUMNS.map((column) => sql.ref(column)));

function projected(projection: GroupProjection): RawBuilder<unknown> {
  return sql.join(
    GROUP_COLUMNS.map((ref) => {
      const column = ref.slice(2) as GroupColumn;
      return ALWAYS.has(column) || projection.columns.has(column)
        ? sql.ref(ref)
        : sql`NULL AS ${sql.ref(column)}`;
    }),
  );
}

/**
 * The same select list as loadGroups, for a statement of its own that joins `groups g` and
 * `organizations o`: the Postgres search engine reads a page's groups with the page this way,
 * one statement instead of two. With `meetings`, a `meetings` column too, and the next meeting is
 * then taken from it by withMeetingsFromJson (not computed twice per meeting); with `projection`,
 * only that part of each group.
 */
export function loadedGroupColumns(
  now: Date,
  { meetings, projection }: { meetings: boolean; projection?: GroupProjection | undefined },
): RawBuilder<unknown> {
  const next = meetings || (projection && !projection.nextMeeting) ? sql`NULL` : nextMeetingOf(now);
  return sql`${projection ? projected(projection) : ALL_COLUMNS},
    o.slug AS organization_slug, o.name AS organization_name, ${next} AS next_meeting
    ${meetings ? sql`, ${meetingsJsonOf(now)} AS meetings` : sql``}`;
}

/**
 * A row read with loadedGroupColumns(now, { meetings: true }): its meetings' times as Dates, and
 * its next meeting the soonest of their next starts (as nextMeetingOf computes it in SQL).
 */
export function withMeetingsFromJson(row: LoadedGroup & MeetingsColumn): LoadedGroupWithMeetings {
  const meetings = meetingsFromJson(row.meetings);
  let next: Date | null = null;
  for (const m of meetings) if (m.next_start && (!next || m.next_start < next)) next = m.next_start;
  return { ...row, next_meeting: next, meetings };
}

/** One group of any status by id or slug, with its organization and meetings: one statement. */
export async function loadGroupWithMeetings(
  db: Executor,
  idOrSlug: string,
  now: Date,
): Promise<LoadedGroupWithMeetings | null> {
  const match = isUuid(idOrSlug) ? sql`g.id = ${idOrSlug}::uuid` : sql`g.slug = ${idOrSlug}`;
  const { rows } = await sql<LoadedGroup & MeetingsColumn>`
    SELECT ${loadedGroupColumns(now, { meetings: true })}
      FROM groups g JOIN organizations o ON o.id = g.organization_id
     WHERE ${match}`.execute(db);
  return rows[0] ? withMeetingsFromJson(rows[0]) : null;
}

/** Groups with their organization's name and their next meeting, in the order of `ids`. */
export async function loadGroups(db: Executor, ids: string[], now: Date): Promise<LoadedGroup[]> {
  if (ids.length === 0) return [];
  const rows = await groupsWithOrganization(db, now).where('g.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Published groups of the organizations, at most `limit` each, by name: one query for all. */
export async function loadPublishedGroupsOfOrganizations(
  db: Executor,
  organizationIds: string[],
  limit: number,
  now: Date,
) {
  if (organizationIds.length === 0) return [];
  const ranked = db
    .selectFrom('groups')
    .select([
      'id',
      sql<number>`row_number() OVER (PARTITION BY organization_id ORDER BY name, id)`.as('rank'),
    ])
    .where('organization_id', 'in', organizationIds)
    .where('status', '=', 'published')
    .as('r');
  return groupsWithOrganization(db, now)
    .innerJoin(ranked, 'r.id', 'g.id')
    .where('r.rank', '<=', limit)
    .orderBy('g.organization_id')
    .orderBy('r.rank')
    .execute();
}

/** Meetings of the groups with each one's next start after `now` (computed in SQL, DST-aware). */
export async function loadMeetings(
  db: Executor,
  groupIds: string[],
  now: Date,
): Promise<(LoadedMeeting & { group_id: string })[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('meetings as m')
    .select([
      'm.id',
      'm.group_id',
      'm.frequency',
      'm.day',
      'm.week_of_month',
      sql<string>`to_char(m.start_time, 'HH24:MI')`.as('start_time'),
      'm.duration_minutes',
      'm.timezone',
      'm.attendance',
      nextStartOf(now).as('next_start'),
    ])
    .where('m.group_id', 'in', groupIds)
    .orderBy('m.group_id')
    .orderBy('m.position')
    .execute();
}

export async function countGroups(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A group of any status with its organization's name, locked for update within the transaction. */
export async function lockGroup(db: Executor, id: string) {
  return db.selectFrom('groups').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The group of an organization that has this external id, if any, read after taking a lock on the
 * pair for the rest of the transaction. Writers of one external id (two imports of the same feed,
 * a create during an import) then take turns: without it both found no group, both inserted, and
 * the second failed on the unique index (found by the REST fuzzer).
 */
export async function lockExternalId(
  db: Executor,
  organizationId: string,
  externalId: string,
): Promise<string | null> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${organizationId}/${externalId}`}, 0))`.execute(
    db,
  );
  const row = await db
    .selectFrom('groups')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Any group by id or slug, without status filter (owners and moderators see drafts). */
export async function findGroupId(
  db: Executor,
  idOrSlug: string,
): Promise<{ id: string; status: string; organization_id: string } | null> {
  const row = await db
    .selectFrom('groups')
    .select(['id', 'status', 'organization_id'])
    .where((eb) => (isUuid(idOrSlug) ? eb('id', '=', idOrSlug) : eb('slug', '=', idOrSlug)))
    .executeTakeFirst();
  return row ?? null;
}

/** Meetings as stored, for turning a group back into its input. */
export async function meetingsOf(db: Executor, groupId: string) {
  return db
    .selectFrom('meetings')
    .select([
      'frequency',
      'day',
      'week_of_month',
      sql<string>`to_char(start_time, 'HH24:MI')`.as('start_time'),
      'duration_minutes',
      'timezone',
      'attendance',
    ])
    .where('group_id', '=', groupId)
    .orderBy('position')
    .execute();
}

/** Replace a group's content (fields and meetings) with `input`; bumps the version. */
export async function updateGroupContent(
  db: Executor,
  id: string,
  input: GroupInput,
  extra: { status?: GroupStatus; last_verified_at?: Date } = {},
): Promise<void> {
  const { group, meetings } = groupRowValues(input);
  const { last_verified_at: _keep, ...fields } = group;
  await db
    .updateTable('groups')
    .set((eb) => ({
      ...fields,
      ...extra,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('meetings').where('group_id', '=', id).execute();
  if (meetings.length > 0)
    await db
      .insertInto('meetings')
      .values(meetings.map((m) => ({ ...m, group_id: id })))
      .execute();
}

/** Change status or verification without touching content; bumps the version. */
export async function updateGroupState(
  db: Executor,
  id: string,
  set: { status?: GroupStatus; last_verified_at?: Date },
): Promise<void> {
  await db
    .updateTable('groups')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .execute();
}
