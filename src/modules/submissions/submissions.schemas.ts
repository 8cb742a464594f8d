// Bodies of the write API. Unknown fields are refused (additionalProperties: false) and fields a
// submitter may not set (status, organization, ids, verification) get their own error, so mass
// assignment is refused loudly rather than silently dropped.
import { type Static, type TSchemaOptions, Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';
import { ACCESS, ATTENDANCE, COST, DAYS, FACILITATION } from '../groups/groups.model.js';

const enumOf = <const T extends string[]>(values: readonly [...T], options: TSchemaOptions = {}) =>
  Type.Enum(values, options);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const text = (maxLength: number, options: TSchemaOptions = {}) => Type.String({ maxLength, ...options });
const codes = (maxItems: number, minItems = 0) =>
  Type.Array(Type.String({ maxLength: 64 }), { maxItems, minItems, uniqueItems: true });
const httpUrl = Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$' });

/** Fields only the system or a moderator sets. */
export const READ_ONLY_FIELDS = [
  'id',
  'slug',
  'status',
  'organization',
  'organization_id',
  'last_verified_at',
  'version',
  'created_at',
  'updated_at',
  'stale',
  'moderation',
] as const;

export const MeetingWriteSchema = Type.Object(
  {
    frequency: Type.Optional(enumOf(['weekly', 'monthly'], { default: 'weekly' })),
    day: enumOf(DAYS),
    week_of_month: Type.Optional(Nullable(Type.Integer({ minimum: -1, maximum: 5, not: { const: 0 } }))),
    start_time: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', examples: ['19:00'] }),
    duration_minutes: Type.Integer({ minimum: 5, maximum: 720 }),
    timezone: Type.Optional(Nullable(text(64, { examples: ['America/Chicago'] }))),
    attendance: Type.Optional(Nullable(enumOf(ATTENDANCE))),
  },
  { additionalProperties: false },
);

const fields = {
  external_id: Type.Optional(
    Nullable(text(100, { description: 'Your own stable id (imports match on it)' })),
  ),
  name: Type.String({ minLength: 3, maxLength: 200, examples: ['Tuesday Evening Depression Circle'] }),
  description: Type.Optional(text(5000)),
  conditions: codes(10, 1),
  affinities: Type.Optional(codes(10)),
  attendance: enumOf(ATTENDANCE),
  facilitation: enumOf(FACILITATION),
  access: enumOf(ACCESS),
  cost: enumOf(COST),
  languages: codes(10, 1),
  accessibility: Type.Optional(codes(20)),
  age_min: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 120 }))),
  age_max: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 120 }))),
  location: Type.Optional(
    Nullable(
      Type.Object(
        {
          street: Type.Optional(Nullable(text(200))),
          locality: text(100),
          region: Type.Optional(Nullable(text(100))),
          postal_code: Type.Optional(Nullable(text(20))),
          country: Type.String({ pattern: '^[A-Z]{2}$', examples: ['US'] }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          approximate: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  ),
  online: Type.Optional(
    Nullable(
      Type.Object(
        {
          url: Type.Optional(Nullable(httpUrl)),
          dial_in: Type.Optional(Nullable(text(100))),
          notes: Type.Optional(Nullable(text(500))),
        },
        { additionalProperties: false },
      ),
    ),
  ),
  contact: Type.Optional(
    Nullable(
      Type.Object(
        {
          name: Type.Optional(Nullable(text(60, { description: 'First name only' }))),
          email: Type.Optional(Nullable(Type.String({ maxLength: 200, format: 'email' }))),
          phone: Type.Optional(Nullable(text(40))),
        },
        { additionalProperties: false },
      ),
    ),
  ),
  website: Type.Optional(Nullable(httpUrl)),
  timezone: Type.Optional(Nullable(text(64, { description: 'IANA; derived from the location when absent' }))),
  temporarily_closed: Type.Optional(Type.Boolean()),
  closed_note: Type.Optional(Nullable(text(500))),
  meetings: Type.Array(MeetingWriteSchema, { minItems: 1, maxItems: 14 }),
};

export const GroupCreateSchema = Type.Object(fields, { additionalProperties: false });
export type GroupCreateBody = Static<typeof GroupCreateSchema>;

export const GroupPatchSchema = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  minProperties: 1,
});
export type GroupPatchBody = Static<typeof GroupPatchSchema>;

const GroupOne = Type.Object({ data: Type.Ref('GroupDetail') });

const idParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ifMatch = Type.Object({
  'if-match': Type.Optional(
    Type.String({ description: 'The ETag of the version you edit (required)', examples: ['"3"'] }),
  ),
});
const idempotency = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ maxLength: 200, description: 'Replays of the same key return the first response' }),
  ),
});

export const createGroupSchema = {
  tags: ['submissions'],
  summary: "Submit a group for the key's organization",
  description:
    'Trusted organizations publish directly; others wait for review (status pending_review). Needs a submit key.',
  security: [{ apiKey: [] }],
  headers: idempotency,
  body: GroupCreateSchema,
  // 409: another group of the organization has the external_id.
  response: { 201: GroupOne, ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429) },
};

export const patchGroupSchema = {
  tags: ['submissions'],
  summary: 'Change some fields of your group',
  description:
    'Send If-Match with the ETag you read. Edits of a published group by an organization under review leave the live version unchanged until a moderator approves.',
  security: [{ apiKey: [] }],
  params: idParams,
  headers: ifMatch,
  body: GroupPatchSchema,
  // 409: the group is archived, or another group of the organization has the external_id.
  response: { 200: GroupOne, ...problemResponses(400, 401, 403, 404, 409, 412, 428, 429) },
};

export const archiveGroupSchema = {
  tags: ['submissions'],
  summary: 'Archive your group (it leaves the directory)',
  security: [{ apiKey: [] }],
  params: idParams,
  headers: ifMatch,
  response: { 200: GroupOne, ...problemResponses(400, 401, 403, 404, 412, 428, 429) },
};

export const verifyGroupSchema = {
  tags: ['submissions'],
  summary: 'Confirm the listing is still accurate (moves last_verified_at)',
  security: [{ apiKey: [] }],
  params: idParams,
  headers: idempotency,
  // 409: the group is archived.
  response: { 200: GroupOne, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
};
