// Route schemas of /v1/groups: the single source of validation, serialization and OpenAPI.
import { type Static, type TSchemaOptions, Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';
import { ACCESS, ATTENDANCE, COST, DAYS, FACILITATION, TIMES_OF_DAY } from './groups.model.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const enumOf = <const T extends string[]>(values: readonly [...T], options: TSchemaOptions = {}) =>
  Type.Enum(values, options);

export const MeetingSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    frequency: enumOf(['weekly', 'monthly']),
    day: enumOf(DAYS),
    week_of_month: Nullable(
      Type.Integer({ description: '1..5, or -1 for the last week; monthly meetings only' }),
    ),
    start_time: Type.String({ description: 'Local wall-clock start (HH:MM)', examples: ['19:00'] }),
    duration_minutes: Type.Integer(),
    timezone: Type.String({ examples: ['America/New_York'] }),
    attendance: Nullable(enumOf(ATTENDANCE, { description: 'Only when it differs from the group' })),
    next_start: Nullable(
      Type.String({
        format: 'date-time',
        description: 'Next start, ISO 8601 with the offset of the meeting timezone',
        examples: ['2026-11-24T19:00:00-05:00'],
      }),
    ),
  },
  { $id: 'Meeting' },
);

export const GroupSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.String({ examples: ['tuesday-evening-depression-circle-3f2a'] }),
    name: Type.String(),
    description: Type.String(),
    organization: Type.Object({
      id: Type.String({ format: 'uuid' }),
      slug: Type.String(),
      name: Type.String(),
    }),
    conditions: Type.Array(Type.String(), { examples: [['depression', 'anxiety']] }),
    affinities: Type.Array(Type.String(), { examples: [['lgbtq']] }),
    attendance: enumOf(ATTENDANCE),
    facilitation: enumOf(FACILITATION),
    access: enumOf(ACCESS),
    cost: enumOf(COST),
    languages: Type.Array(Type.String(), { description: 'BCP 47 codes', examples: [['en', 'es']] }),
    accessibility: Type.Array(Type.String()),
    age_range: Nullable(Type.Object({ min: Nullable(Type.Integer()), max: Nullable(Type.Integer()) })),
    location: Nullable(
      Type.Object({
        street: Nullable(Type.String({ description: 'Null when the location is approximate' })),
        locality: Nullable(Type.String()),
        region: Nullable(Type.String()),
        postal_code: Nullable(Type.String()),
        country: Nullable(Type.String()),
        lat: Type.Number(),
        lng: Type.Number(),
        approximate: Type.Boolean({ description: 'Only the area is shown; coordinates are rounded' }),
      }),
    ),
    online: Nullable(
      Type.Object({
        url: Nullable(Type.String()),
        dial_in: Nullable(Type.String()),
        notes: Nullable(Type.String()),
      }),
    ),
    contact: Nullable(
      Type.Object({
        name: Nullable(Type.String()),
        email: Nullable(Type.String()),
        phone: Nullable(Type.String()),
      }),
    ),
    website: Nullable(Type.String()),
    timezone: Type.String({ examples: ['America/Chicago'] }),
    temporarily_closed: Type.Boolean(),
    closed_note: Nullable(Type.String()),
    meetings: Type.Array(Type.Ref('Meeting')),
    next_meeting: Nullable(
      Type.String({
        format: 'date-time',
        description: 'Next start of any meeting, ISO 8601 with the offset of the group timezone',
        examples: ['2026-11-24T19:00:00-06:00'],
      }),
    ),
    distance_km: Nullable(
      Type.Number({ description: 'From `near`; null for online groups or without `near`' }),
    ),
    distance_mi: Nullable(Type.Number()),
    last_verified_at: Nullable(
      Type.String({ format: 'date-time', description: 'When a person last confirmed the listing' }),
    ),
    stale: Type.Boolean({
      description: 'Not verified for 180 days: ranks below fresh listings; after 365 days it leaves search',
    }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'Group' },
);
export type GroupDto = Static<typeof GroupSchema>;

export const ModerationSchema = Type.Object({
  pending: Nullable(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      kind: enumOf(['create', 'update']),
      submitted_at: Type.String({ format: 'date-time' }),
      changes: Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() })),
    }),
  ),
  last_rejection: Nullable(Type.Object({ reason: Type.String(), at: Type.String({ format: 'date-time' }) })),
});

/** One group with its status and version (its ETag); its owner and moderators also see any status and the moderation state. */
export const GroupDetailSchema = Type.Object(
  {
    ...GroupSchema.properties,
    status: enumOf(['draft', 'pending_review', 'published', 'rejected', 'archived']),
    version: Type.Integer(),
    moderation: Type.Optional(ModerationSchema),
  },
  { $id: 'GroupDetail' },
);
export type GroupDetailDto = Static<typeof GroupDetailSchema>;
export type MeetingDto = Static<typeof MeetingSchema>;

const list = (description: string, examples: string[]) =>
  Type.String({
    maxLength: 500,
    description: `${description} Comma-separated; any of them matches.`,
    examples,
  });

export const SearchGroupsQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Free text. Tolerates typos and understands synonyms from the taxonomy (trauma finds PTSD).',
        examples: ['bipolar'],
      }),
    ),
    condition: Type.Optional(list('Condition codes (GET /v1/taxonomy/conditions).', ['depression,anxiety'])),
    affinity: Type.Optional(list('Affinity codes (GET /v1/taxonomy/affinities).', ['lgbtq'])),
    attendance: Type.Optional(list('in_person, online, hybrid.', ['online'])),
    facilitation: Type.Optional(list('peer_led, professional, co_facilitated.', ['peer_led'])),
    access: Type.Optional(list('open, closed, registration.', ['open'])),
    cost: Type.Optional(list('free, donation, sliding_scale, fee.', ['free'])),
    language: Type.Optional(list('BCP 47 language codes (GET /v1/taxonomy/languages).', ['es'])),
    accessibility: Type.Optional(list('Accessibility codes.', ['wheelchair_accessible'])),
    day: Type.Optional(list(`Meeting days: ${DAYS.join(', ')}.`, ['tue,thu'])),
    time_of_day: Type.Optional(
      list(
        `In the group's local time: ${TIMES_OF_DAY.join(', ')} (05-12, 12-17, 17-21, 21-05). With day, both hold for the same meeting.`,
        ['evening'],
      ),
    ),
    age: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 120, description: "Within the group's audience age range" }),
    ),
    organization: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only groups of this organization' }),
    ),
    near: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'A place: "lat,lng", a US ZIP code, or a place name like "Austin, TX" or "London, UK". Online groups match any place.',
        examples: ['10001'],
      }),
    ),
    radius: Type.Optional(
      Type.String({
        maxLength: 20,
        description: 'With near: distance with unit, km or mi (max 500 mi). Default 25mi.',
        examples: ['25mi'],
      }),
    ),
    sort: Type.Optional(
      enumOf(['relevance', 'distance', 'next_meeting', 'updated'], {
        description:
          'Default: relevance with q, distance with near, otherwise updated (most recently updated first).',
      }),
    ),
    facets: Type.Optional(
      list(
        'Facet counts to return: condition, affinity, attendance, facilitation, access, cost, language, accessibility, day, time_of_day. Counts are disjunctive.',
        ['condition,affinity'],
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({ maxLength: 600, description: 'meta.next_cursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type SearchGroupsParams = Static<typeof SearchGroupsQuery>;

const FacetValueSchema = Type.Object({ value: Type.String(), count: Type.Integer() });

export const GroupListSchema = Type.Object({
  data: Type.Array(Type.Ref('Group')),
  meta: Type.Object({
    total: Type.Integer({ description: 'Matches of the whole query, over all pages' }),
    limit: Type.Integer(),
    sort: Type.String(),
    next_cursor: Nullable(Type.String()),
    engine: Type.String({ description: 'The search engine that answered', examples: ['postgres'] }),
    place: Nullable(
      Type.Object({ label: Type.String(), lat: Type.Number(), lng: Type.Number(), radius_km: Type.Number() }),
    ),
  }),
  facets: Type.Optional(Type.Record(Type.String(), Type.Array(FacetValueSchema))),
});
export type GroupListDto = Static<typeof GroupListSchema>;

export const searchGroupsSchema = {
  tags: ['groups'],
  summary: 'Search and filter published groups',
  description:
    'OR within one filter (condition=depression,anxiety), AND across filters. Results are paginated with an opaque cursor.',
  querystring: SearchGroupsQuery,
  response: { 200: GroupListSchema, ...problemResponses(400, 429, 500) },
};

export const getGroupSchema = {
  tags: ['groups'],
  summary: 'One group, by id or slug',
  description:
    'Published groups for everyone; with a key, your own groups in any status and their moderation state. The ETag header (`"<version>.<content hash>"`) validates caches (If-None-Match) and is what you send as If-Match to edit.',
  params: Type.Object({
    idOrSlug: Type.String({ maxLength: 200, examples: ['tuesday-evening-depression-circle-3f2a'] }),
  }),
  querystring: Type.Object({}, { additionalProperties: false }),
  response: {
    200: Type.Object({ data: Type.Ref('GroupDetail') }),
    ...problemResponses(400, 401, 404, 429, 500),
  },
};
