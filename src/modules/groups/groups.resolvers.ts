// GraphQL for groups: thin resolvers over GroupsService. Arguments are turned into the REST query
// parameters and validated by the same schema, so both front ends answer alike.

import DataLoader from 'dataloader';
import type { FastifyInstance } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import type { IResolvers, MercuriusLoaders } from 'mercurius';
import { selectedNamesAt, selectsField, selectsOnly } from '../../graphql/selection.js';
import { ProblemError } from '../../lib/problem.js';
import { compileValidator } from '../../lib/validation.js';
import { earliest, normalizedQuery } from '../../search/result-cache.js';
import type { OrganizationDto } from '../organizations/organizations.schemas.js';
import type { Term } from '../taxonomy/taxonomy.service.js';
import {
  type GroupDto,
  type MeetingDto,
  type SearchGroupsParams,
  SearchGroupsQuery,
} from './groups.schemas.js';
import { type GroupField, isGroupField } from './groups.service.js';

const validateSearch = compileValidator<SearchGroupsParams>(SearchGroupsQuery);

/** Where a search page's fixed "now" rides on its nodes, for the meetings loader. */
const PAGE_NOW = Symbol('pageNow');

// REST parameter -> GraphQL argument, so validation errors name what the client actually sent.
const ARGUMENT_NAMES: Record<string, string> = {
  q: 'filter.q',
  condition: 'filter.condition',
  affinity: 'filter.affinity',
  attendance: 'filter.attendance',
  facilitation: 'filter.facilitation',
  access: 'filter.access',
  cost: 'filter.cost',
  language: 'filter.language',
  accessibility: 'filter.accessibility',
  day: 'filter.day',
  time_of_day: 'filter.timeOfDay',
  age: 'filter.age',
  organization: 'filter.organization',
  near: 'near.place',
  radius: 'near.radius',
  sort: 'sort',
  facets: 'facets',
  limit: 'first',
  cursor: 'after',
};

function renamed(error: unknown): unknown {
  if (!(error instanceof ProblemError) || !error.invalidParams) return error;
  const params = error.invalidParams.map((p) => ({
    ...p,
    name: ARGUMENT_NAMES[p.name] ?? p.name,
    in: 'body' as const,
  }));
  return new ProblemError(
    error.status,
    error.code,
    error.title,
    params.map((p) => `${p.name}: ${p.reason}`).join('; '),
    params,
  );
}

interface GroupsArgs {
  filter?: Record<string, unknown> | null;
  near?: { place: string; radius?: string | null } | null;
  sort?: string | null;
  first?: number | null;
  after?: string | null;
  facets?: string[] | null;
}

/** GraphQL arguments as the REST query string would carry them. */
export function toSearchParams(args: GroupsArgs): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const f = args.filter ?? {};
  // An empty list becomes an empty parameter, which is refused as in REST ("condition=").
  const list = (value: unknown, lower = false) =>
    Array.isArray(value)
      ? value.map((v) => (lower ? String(v).toLowerCase() : String(v))).join(',')
      : undefined;
  const set = (name: string, value: unknown) => {
    if (value !== undefined && value !== null) params[name] = value;
  };
  set('q', f.q);
  set('condition', list(f.condition));
  set('affinity', list(f.affinity));
  set('attendance', list(f.attendance, true));
  set('facilitation', list(f.facilitation, true));
  set('access', list(f.access, true));
  set('cost', list(f.cost, true));
  set('language', list(f.language));
  set('accessibility', list(f.accessibility));
  set('day', list(f.day, true));
  set('time_of_day', list(f.timeOfDay, true));
  set('age', f.age);
  set('organization', f.organization);
  set('near', args.near?.place);
  set('radius', args.near?.radius);
  set('sort', args.sort?.toLowerCase());
  set('facets', list(args.facets, true));
  set('limit', args.first);
  set('cursor', args.after);
  return params;
}

const upper = (value: string | null) => (value === null ? null : value.toUpperCase());

async function terms(
  context: { app: { taxonomy: { get(): Promise<{ term(v: string, c: string): Term | undefined }> } } },
  vocabulary: string,
  codes: string[],
) {
  const taxonomy = await context.app.taxonomy.get();
  return codes.map(
    (code) => taxonomy.term(vocabulary, code) ?? { vocabulary, code, labels: {}, synonyms: [], parent: null },
  );
}

export const groupResolvers: IResolvers = {
  Query: {
    groups: async (_root, args: GroupsArgs, { app }, info) => {
      let page: Awaited<ReturnType<typeof app.groups.searchPage>>;
      try {
        const params = validateSearch(toSearchParams(args));
        // Counting visits every match: only when the query shows the count.
        const countTotal = selectsField(info, 'totalCount');
        const fields = groupFieldsSelected(info);
        // Shared, read-only pages: nodes below are copies, the cached page is never changed.
        page = (
          await app.resultCache.fetch(
            `page:${countTotal ? 'counted' : 'uncounted'}:${fields?.join(',') ?? 'all'}:${normalizedQuery(params)}`,
            () => app.groups.searchPage(params, { countTotal, ...(fields ? { fields } : {}) }),
            {
              expiresAt: (p) => earliest(p.groups.map((g) => g.next_meeting)),
              // Objects, not bytes: their JSON length stands in for their size (computed on a miss only).
              bytes: (p) => Buffer.byteLength(JSON.stringify(p)),
            },
          )
        ).value;
      } catch (error) {
        throw renamed(error);
      }
      // Each node carries the page's "now", so its meetings' next starts use the time the cursor
      // pinned, as REST does.
      const nodes = page.groups.map((group) => ({ ...group, [PAGE_NOW]: page.now }));
      return {
        edges: nodes.map((node, i) => ({
          node,
          get cursor() {
            return page.cursor(i);
          },
        })),
        nodes,
        pageInfo: { hasNextPage: page.meta.next_cursor !== null, endCursor: page.meta.next_cursor },
        totalCount: page.meta.total,
        facets: Object.entries(page.facets ?? {}).map(([name, values]) => ({
          name: name.toUpperCase(),
          values,
        })),
        place: page.meta.place ? { ...page.meta.place, radiusKm: page.meta.place.radius_km } : null,
        engine: page.meta.engine,
      };
    },
    group: async (_root, args: { id?: string | null; slug?: string | null }, context) => {
      const { app } = context;
      const key = args.id ?? args.slug;
      if (!key || (args.id && args.slug)) {
        throw new ProblemError(
          400,
          'invalid_parameter',
          'Invalid parameter',
          'give exactly one of id or slug',
          [{ name: 'id', in: 'body', reason: 'give exactly one of id or slug' }],
        );
      }
      return (await app.groups.getFor(key, context.reply.request.principal)).group;
    },
  },
  Group: {
    organization: (g: GroupDto, _args, context, info) => organizationOf(g, context, info),
    conditions: (g: GroupDto, _args, context) => terms(context, 'conditions', g.conditions),
    affinities: (g: GroupDto, _args, context) => terms(context, 'affinities', g.affinities),
    accessibility: (g: GroupDto, _args, context) => terms(context, 'accessibility', g.accessibility),
    attendance: (g: GroupDto) => upper(g.attendance),
    facilitation: (g: GroupDto) => upper(g.facilitation),
    access: (g: GroupDto) => upper(g.access),
    cost: (g: GroupDto) => upper(g.cost),
    ageRange: (g: GroupDto) => g.age_range,
    temporarilyClosed: (g: GroupDto) => g.temporarily_closed,
    closedNote: (g: GroupDto) => g.closed_note,
    nextMeeting: (g: GroupDto) => g.next_meeting,
    distanceKm: (g: GroupDto) => g.distance_km,
    distanceMi: (g: GroupDto) => g.distance_mi,
    lastVerifiedAt: (g: GroupDto) => g.last_verified_at,
    status: (g: GroupDto & { status?: string }) => (g.status ?? 'published').toUpperCase(),
    moderation: (g: GroupDto & { moderation?: unknown }) => g.moderation ?? null,
    createdAt: (g: GroupDto) => g.created_at,
    updatedAt: (g: GroupDto) => g.updated_at,
  },
  Location: {
    postalCode: (l: NonNullable<GroupDto['location']>) => l.postal_code,
  },
  OnlineAccess: {
    dialIn: (o: NonNullable<GroupDto['online']>) => o.dial_in,
  },
  Meeting: {
    frequency: (m: MeetingDto) => upper(m.frequency),
    day: (m: MeetingDto) => upper(m.day),
    weekOfMonth: (m: MeetingDto) => m.week_of_month,
    startTime: (m: MeetingDto) => m.start_time,
    durationMinutes: (m: MeetingDto) => m.duration_minutes,
    attendance: (m: MeetingDto) => upper(m.attendance),
    nextStart: (m: MeetingDto) => m.next_start,
  },
};

// Group fields of the schema that need no column of their own in a list (null there, or meta).
const COLUMN_FREE = new Set(['__typename', 'moderation']);

/**
 * The group fields (API names) a search's nodes and edges select, sorted; null when some selected
 * field is not known to map to the group's columns (then everything is read, to be safe).
 */
function groupFieldsSelected(info: GraphQLResolveInfo): GroupField[] | null {
  const names = new Set([...selectedNamesAt(info, ['nodes']), ...selectedNamesAt(info, ['edges', 'node'])]);
  const fields = new Set<GroupField>();
  for (const name of names) {
    if (COLUMN_FREE.has(name)) continue;
    // GraphQL fields are the API's fields in camelCase (ageRange: age_range).
    const field = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (!isGroupField(field)) return null;
    fields.add(field);
  }
  return [...fields].sort();
}

// One query per nesting level, whatever the number of groups (no N+1).
export const groupLoaders: MercuriusLoaders = {
  Group: {
    async meetings(queries: { obj: GroupDto & { [PAGE_NOW]?: Date } }[], { app }) {
      // One query per distinct "now" (normally one: the page's, or the clock's for a single group).
      const byNow = new Map<number | undefined, string[]>();
      for (const q of queries) {
        const key = q.obj[PAGE_NOW]?.getTime();
        byNow.set(key, [...(byNow.get(key) ?? []), q.obj.id]);
      }
      const found = new Map<number | undefined, Map<string, MeetingDto[]>>();
      for (const [key, ids] of byNow) {
        found.set(key, await app.groups.meetingsByGroup(ids, key === undefined ? undefined : new Date(key)));
      }
      return queries.map((q) => found.get(q.obj[PAGE_NOW]?.getTime())?.get(q.obj.id) ?? []);
    },
  },
};

// A group's organization. The group already carries its id, slug and name: a query that asks for no
// more (a list of groups with their organization's name) is answered without a statement. Others are
// batched per request by id. Not a Mercurius loader: those key each call on the serialized parent
// (a whole group), which cost more CPU than the query it saved (bench peer profile).
const ORGANIZATION_SUMMARY = ['id', 'slug', 'name', '__typename'];
const organizationLoaders = new WeakMap<object, DataLoader<string, OrganizationDto | undefined>>();

async function organizationOf(
  group: GroupDto,
  context: { app: FastifyInstance; reply: object },
  info: GraphQLResolveInfo,
) {
  if (selectsOnly(info, ORGANIZATION_SUMMARY)) return group.organization;
  let loader = organizationLoaders.get(context.reply);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const found = await context.app.organizations.getMany([...ids]);
      return ids.map((id) => found.get(id));
    });
    organizationLoaders.set(context.reply, loader);
  }
  return loader.load(group.organization.id);
}
