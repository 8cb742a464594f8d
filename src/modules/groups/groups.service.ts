// Use cases of the public group directory. REST routes and GraphQL resolvers both call this, so
// the two front ends validate, filter and map the same way.

import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/types.js';
import { metersTo, parseRadius } from '../../geo/distance.js';
import { resolvePlace } from '../../geo/places.js';
import { type CursorData, decodeCursor, encodeCursor, fingerprint } from '../../lib/cursor.js';
import { invalidParameter, notFound } from '../../lib/problem.js';
import { formatInZone } from '../../schedule/next-occurrence.js';
import {
  CODE_FILTERS,
  FACETS,
  type Near,
  type SearchEngine,
  type SearchFilters,
  type SearchQuery,
  SORTS,
  type SortName,
} from '../../search/query.js';
import { parseTextQuery } from '../../search/text.js';
import type { Principal } from '../keys/keys.service.js';
import { lastRejection, pendingRevision } from '../moderation/moderation.repository.js';
import { canModerate, ownsGroup } from '../submissions/access.js';
import { diff, inputFromRow } from '../submissions/group-input.js';
import type { Taxonomy, TaxonomyService } from '../taxonomy/taxonomy.service.js';
import { isStale } from './freshness.js';
import type { GroupInput } from './groups.model.js';
import { DAYS, type Day, TIMES_OF_DAY, type TimeOfDay } from './groups.model.js';
import {
  type GroupColumn,
  type GroupProjection,
  type LoadedGroup,
  type LoadedGroupWithMeetings,
  type LoadedMeeting,
  loadGroups,
  loadGroupWithMeetings,
  loadMeetings,
  loadPublishedGroupsOfOrganizations,
  meetingsOf,
} from './groups.repository.js';
import type {
  GroupDetailDto,
  GroupDto,
  GroupListDto,
  MeetingDto,
  SearchGroupsParams,
} from './groups.schemas.js';

type Executor = Kysely<Database>;

const DEFAULT_RADIUS = '25mi';
const DEFAULT_LIMIT = 20;
const MAX_LIST_VALUES = 25;

export interface GroupsServiceDeps {
  db: Db;
  taxonomy: TaxonomyService;
  engine: SearchEngine;
  clock?: () => Date;
}

export class GroupsService {
  private readonly clock: () => Date;

  constructor(private readonly deps: GroupsServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * One page of a search: groups, with their meetings when `options.meetings` (GraphQL loads those
   * only when asked), plus the page metadata and facets. Validation errors are ProblemErrors naming
   * the parameter. `options` serve page-numbered feeds (HSDS): `skip` matches before the page (the
   * engine returns their ids only; their groups are not loaded) and `updatedSince`, an ISO 8601
   * lower bound.
   */
  async searchPage(params: SearchGroupsParams, options: SearchPageOptions = {}): Promise<GroupPage> {
    const taxonomy = await this.deps.taxonomy.get();
    const filters = parseFilters(params, taxonomy);
    if (options.updatedSince) filters.updated_since = options.updatedSince;
    const skip = options.skip ?? 0;
    const place = parseNear(params);
    const sort = chooseSort(params.sort, Boolean(params.q?.trim()), place !== null);
    if (sort === 'distance' && !place) throw invalidParameter('sort', 'distance needs near');
    const facets = parseList(params.facets, 'facets', FACETS);
    const limit = params.limit ?? DEFAULT_LIMIT;

    const print = fingerprint([filters, params.q?.trim() ?? '', place?.near ?? null, sort]);
    const cursor = params.cursor ? decodeCursor(params.cursor, print) : null;
    const now = cursor ? new Date(cursor.n) : this.clock();

    const query: SearchQuery = {
      text: params.q ? parseTextQuery(params.q, taxonomy) : null,
      filters,
      near: place?.near ?? null,
      sort,
      limit: skip + limit,
      after: cursor ? { key: cursor.k, id: cursor.id, ...(cursor.e ? { engine: cursor.e } : {}) } : null,
      facets,
      countTotal: options.countTotal ?? true,
      // Skipped matches (HSDS pages) are ids only; without a skip the page's groups can come with it.
      withGroups: skip === 0,
      withMeetings: options.meetings ?? false,
      ...(options.fields ? { projection: projectionOf(options.fields) } : {}),
      now,
    };
    const result = await this.deps.engine.search(query);
    const hits = result.hits.slice(skip);
    const ids = hits.map((h) => h.id);
    const rows = result.groups ?? (await loadGroups(this.deps.db, ids, now));
    // Meetings came with the groups (Postgres), or cost a statement of their own.
    const meetings = !options.meetings
      ? null
      : result.groups && hasMeetings(result.groups)
        ? new Map(result.groups.map((g) => [g.id, g.meetings.map(toMeetingDto)]))
        : await this.meetingsByGroup(ids, now);
    const distances = new Map(hits.map((h) => [h.id, h.distanceMeters]));
    const last = hits.at(-1);

    const keys = new Map(hits.map((h) => [h.id, h.sortKey]));
    const engine = result.engine ?? this.deps.engine.name;
    const cursors = pageCursors(
      rows.map((r) => r.id),
      keys,
      print,
      now,
      engine,
    );
    return {
      groups: rows.map((r) =>
        withDistance(
          toGroupDto(r, meetings?.get(r.id) ?? [], now),
          distances.get(r.id) ?? null,
          r.location_approximate,
        ),
      ),
      cursor: cursors.at,
      now,
      meta: {
        total: result.total,
        limit,
        sort,
        next_cursor: result.hasMore && last ? cursors.of(last.id) : null,
        engine: result.engine ?? this.deps.engine.name,
        place: place ? { ...place.summary } : null,
      },
      facets: facets.length ? (result.facets as Record<string, FacetValueDto[]>) : null,
    };
  }

  /** REST: a page with every group's meetings. */
  async search(params: SearchGroupsParams): Promise<GroupListDto> {
    const page = await this.searchPage(params, { meetings: true });
    return {
      data: page.groups,
      // Counted: searchPage counts unless told not to.
      meta: { ...page.meta, total: page.meta.total ?? 0 },
      ...(page.facets ? { facets: page.facets } : {}),
    };
  }

  /**
   * A group as `principal` may see it: its owner and moderators see any status with version and
   * moderation state; everyone else sees published groups only. Others' drafts are "not found".
   */
  async getFor(
    idOrSlug: string,
    principal: Principal | null,
    db: Executor = this.deps.db,
  ): Promise<{ group: GroupDetailDto; version: number }> {
    const now = this.clock();
    // One statement: the group (any status), its organization and meetings; then who may see it.
    const row = await loadGroupWithMeetings(db, idOrSlug, now);
    const privileged = row && (ownsGroup(principal, row.organization_id) || canModerate(principal));
    if (!row || (!privileged && row.status !== 'published')) throw notFound('Group');
    const group = toGroupDto(row, row.meetings.map(toMeetingDto), now);
    const status = row.status as GroupDetailDto['status'];
    if (!privileged) return { group: { ...group, status, version: row.version }, version: row.version };
    const [pending, rejection] = await Promise.all([pendingRevision(db, row.id), lastRejection(db, row.id)]);
    const live = pending ? inputFromRow(row, await meetingsOf(db, row.id)) : null;
    return {
      version: row.version,
      group: {
        ...group,
        status,
        version: row.version,
        moderation: {
          pending: pending
            ? {
                id: pending.id,
                kind: pending.kind,
                submitted_at: pending.created_at.toISOString(),
                changes: diff(pending.kind === 'create' ? null : live, pending.data as unknown as GroupInput),
              }
            : null,
          last_rejection:
            rejection?.reason && rejection.decided_at
              ? { reason: rejection.reason, at: rejection.decided_at.toISOString() }
              : null,
        },
      },
    };
  }

  /** Published groups of several organizations, at most `limit` each, in one query. */
  async byOrganizations(organizationIds: string[], limit: number): Promise<Map<string, GroupDto[]>> {
    const now = this.clock();
    const rows = await loadPublishedGroupsOfOrganizations(this.deps.db, organizationIds, limit, now);
    const out = new Map<string, GroupDto[]>();
    for (const row of rows) {
      const list = out.get(row.organization_id) ?? [];
      list.push(toGroupDto(row, [], now));
      out.set(row.organization_id, list);
    }
    return out;
  }

  /** Meetings of many groups in one query, each with its next start after `now`. */
  async meetingsByGroup(
    groupIds: string[],
    now: Date = this.clock(),
    db: Executor = this.deps.db,
  ): Promise<Map<string, MeetingDto[]>> {
    const meetings = await loadMeetings(db, groupIds, now);
    const out = new Map<string, MeetingDto[]>();
    for (const m of meetings) {
      const list = out.get(m.group_id) ?? [];
      list.push(toMeetingDto(m));
      out.set(m.group_id, list);
    }
    return out;
  }
}

function toMeetingDto(m: LoadedMeeting): MeetingDto {
  return {
    id: m.id,
    frequency: m.frequency as MeetingDto['frequency'],
    day: m.day as Day,
    week_of_month: m.week_of_month,
    start_time: m.start_time,
    duration_minutes: m.duration_minutes,
    timezone: m.timezone,
    attendance: m.attendance as MeetingDto['attendance'],
    next_start: m.next_start ? formatInZone(m.next_start, m.timezone) : null,
  };
}

const hasMeetings = (groups: LoadedGroup[]): groups is LoadedGroupWithMeetings[] =>
  groups.every((g) => 'meetings' in g);

export interface SearchPageOptions {
  skip?: number;
  updatedSince?: string;
  /** Count every match (default); GraphQL turns it off when totalCount is not selected. */
  countTotal?: boolean;
  /** Each group with its meetings (REST); without, `meetings` is empty. */
  meetings?: boolean;
  /**
   * Only these fields of each group are used (GraphQL, from the query's selection): the others
   * are not read and hold nulls or empty values. All of them when unset.
   */
  fields?: readonly GroupField[];
}

export interface FacetValueDto {
  value: string;
  count: number;
}

/**
 * A page's cursors: after a group by id, or after the group at a row index. Made outside
 * searchPage, so that what a cached page's `cursor` keeps alive is these few values, not the
 * scope of searchPage (a closure keeps every variable its function's closures use).
 */
function pageCursors(
  ids: string[],
  keys: Map<string, number>,
  print: string,
  now: Date,
  engine: CursorData['e'],
) {
  const of = (id: string) => encodeCursor({ k: keys.get(id)!, id, f: print, n: now.getTime(), e: engine });
  return { of, at: (index: number) => of(ids[index]!) };
}

export interface GroupPage {
  groups: GroupDto[];
  /**
   * The cursor after the group at `index` (Relay edges), made when asked: only queries that select
   * edges' cursors need one per group (20 encodings were 1.6% of the bench peer query's CPU).
   */
  cursor: (index: number) => string;
  now: Date;
  /** total is null when the page was asked for without it (options.countTotal false). */
  meta: Omit<GroupListDto['meta'], 'total'> & { total: number | null };
  facets: Record<string, FacetValueDto[]> | null;
}

/** A group as the API shows it; status and version ride along for GraphQL and ETags. */
export type GroupView = GroupDto & { status: GroupDetailDto['status']; version: number };

/** A field of a group as the API shows it. */
export type GroupField = keyof GroupView;

/**
 * The columns toGroupDto makes each field from (the id and organization always come). A read
 * that needs a few fields reads only their columns: a GraphQL list of names and organizations
 * then skips the descriptions, arrays, dates and the next-meeting computation.
 */
const FIELD_COLUMNS: Record<GroupField, readonly GroupColumn[]> = {
  id: [],
  slug: ['slug'],
  name: ['name'],
  description: ['description'],
  organization: [],
  conditions: ['conditions'],
  affinities: ['affinities'],
  attendance: ['attendance'],
  facilitation: ['facilitation'],
  access: ['access'],
  cost: ['cost'],
  languages: ['languages'],
  accessibility: ['accessibility'],
  age_range: ['age_min', 'age_max'],
  location: ['street', 'locality', 'region', 'postal_code', 'country', 'lat', 'lng', 'location_approximate'],
  online: ['online_url', 'online_dial_in', 'online_notes'],
  contact: ['contact_name', 'contact_email', 'contact_phone'],
  website: ['website'],
  timezone: ['timezone'],
  temporarily_closed: ['temporarily_closed'],
  closed_note: ['closed_note'],
  // Loaded by id, with the page's "now" (GraphQL's meetings loader).
  meetings: [],
  // Plus the computed next meeting (projection.nextMeeting); shown in the group's timezone.
  next_meeting: ['timezone'],
  // From the search hit; rounded by whether the location is approximate.
  distance_km: ['location_approximate'],
  distance_mi: ['location_approximate'],
  last_verified_at: ['last_verified_at'],
  stale: ['last_verified_at', 'created_at'],
  status: ['status'],
  version: ['version'],
  created_at: ['created_at'],
  updated_at: ['updated_at'],
};

function projectionOf(fields: readonly GroupField[]): GroupProjection {
  return {
    columns: new Set(fields.flatMap((field) => FIELD_COLUMNS[field])),
    nextMeeting: fields.includes('next_meeting'),
  };
}

/** Whether `name` is a field of a group as the API shows it. */
export const isGroupField = (name: string): name is GroupField => Object.hasOwn(FIELD_COLUMNS, name);

function toGroupDto(r: LoadedGroup, meetings: MeetingDto[], now: Date): GroupView {
  const approximate = r.location_approximate;
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    organization: { id: r.organization_id, slug: r.organization_slug, name: r.organization_name },
    conditions: r.conditions,
    affinities: r.affinities,
    attendance: r.attendance as GroupDto['attendance'],
    facilitation: r.facilitation as GroupDto['facilitation'],
    access: r.access as GroupDto['access'],
    cost: r.cost as GroupDto['cost'],
    languages: r.languages,
    accessibility: r.accessibility,
    age_range: r.age_min === null && r.age_max === null ? null : { min: r.age_min, max: r.age_max },
    location:
      r.lat === null || r.lng === null
        ? null
        : {
            // An approximate location shows the area only: no street, coordinates to ~1 km.
            street: approximate ? null : r.street,
            locality: r.locality,
            region: r.region,
            postal_code: r.postal_code,
            country: r.country,
            lat: approximate ? round(r.lat, 2) : r.lat,
            lng: approximate ? round(r.lng, 2) : r.lng,
            approximate,
          },
    online:
      r.online_url || r.online_dial_in || r.online_notes
        ? { url: r.online_url, dial_in: r.online_dial_in, notes: r.online_notes }
        : null,
    contact:
      r.contact_name || r.contact_email || r.contact_phone
        ? { name: r.contact_name, email: r.contact_email, phone: r.contact_phone }
        : null,
    website: r.website,
    timezone: r.timezone,
    temporarily_closed: r.temporarily_closed,
    closed_note: r.closed_note,
    meetings,
    next_meeting: r.next_meeting ? formatInZone(r.next_meeting, r.timezone) : null,
    distance_km: null,
    distance_mi: null,
    last_verified_at: r.last_verified_at ? new Date(r.last_verified_at).toISOString() : null,
    stale: isStale(r.last_verified_at ?? r.created_at, now),
    status: r.status as GroupDetailDto['status'],
    version: r.version,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function withDistance(group: GroupDto, meters: number | null, approximate: boolean): GroupDto {
  if (meters === null) return group;
  // Whole units for approximate locations, so distances from several places can't pin them down.
  const digits = approximate ? 0 : 1;
  return {
    ...group,
    distance_km: round(metersTo('km', meters), digits),
    distance_mi: round(metersTo('mi', meters), digits),
  };
}

function chooseSort(requested: string | undefined, hasText: boolean, hasPlace: boolean): SortName {
  if (requested && (SORTS as readonly string[]).includes(requested)) {
    // Relevance without text has nothing to rank by: fall back to the default order.
    if (requested !== 'relevance' || hasText) return requested as SortName;
  }
  if (hasText) return 'relevance';
  if (hasPlace) return 'distance';
  return 'updated';
}

/** A comma-separated list parameter, each value checked against the allowed ones. */
function parseList<T extends string>(raw: string | undefined, name: string, allowed: readonly T[]): T[] {
  if (raw === undefined) return [];
  const values = [
    ...new Set(
      raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  if (values.length === 0) throw invalidParameter(name, 'must list at least one value');
  if (values.length > MAX_LIST_VALUES) throw invalidParameter(name, `at most ${MAX_LIST_VALUES} values`);
  // The value itself is not echoed: error messages end up in logs and screenshots, and a search
  // on this directory is health information.
  const position = values.findIndex((v) => !(allowed as readonly string[]).includes(v));
  if (position >= 0) {
    const shown = allowed.length <= 12 ? `; allowed: ${allowed.join(', ')}` : '; see GET /v1/taxonomy';
    throw invalidParameter(name, `value ${position + 1} is not a known code${shown}`);
  }
  return values as T[];
}

function parseFilters(params: SearchGroupsParams, taxonomy: Taxonomy): SearchFilters {
  const filters: SearchFilters = {};
  for (const [name, vocabulary] of Object.entries(CODE_FILTERS) as [keyof typeof CODE_FILTERS, string][]) {
    const values = parseList(params[name], name, taxonomy.codes(vocabulary));
    if (values.length) filters[name] = values.sort();
  }
  const days = parseList<Day>(params.day, 'day', DAYS);
  if (days.length) filters.day = days.sort();
  const times = parseList<TimeOfDay>(params.time_of_day, 'time_of_day', TIMES_OF_DAY);
  if (times.length) filters.time_of_day = times.sort();
  if (params.age !== undefined) filters.age = params.age;
  if (params.organization) filters.organization = params.organization.toLowerCase();
  return filters;
}

function parseNear(params: SearchGroupsParams) {
  if (params.near === undefined) {
    if (params.radius !== undefined) throw invalidParameter('radius', 'needs near');
    return null;
  }
  const place = resolvePlace(params.near);
  if (!place) {
    throw invalidParameter(
      'near',
      'is not a place we know: use "lat,lng", a US ZIP code, or a name like "Austin, TX"',
    );
  }
  const radius = parseRadius(params.radius ?? DEFAULT_RADIUS);
  if (!radius)
    throw invalidParameter('radius', 'must be a positive distance with unit, like 25mi or 40km (max 500 mi)');
  const near: Near = { lat: place.lat, lng: place.lng, meters: radius.meters };
  return {
    near,
    summary: {
      label: place.label,
      lat: place.lat,
      lng: place.lng,
      radius_km: round(radius.meters / 1000, 1),
    },
  };
}
