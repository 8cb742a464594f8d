import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';
import { requireScope } from '../../plugins/auth.js';
import type { ReportInput } from './moderation.service.js';

const REPORT_FIELDS = [
  'name',
  'description',
  'schedule',
  'location',
  'online',
  'contact',
  'website',
  'conditions',
  'affinities',
  'languages',
  'accessibility',
  'cost',
  'closed',
  'other',
] as const;

const Decision = Type.Object({
  data: Type.Object({
    id: Type.String(),
    type: Type.String(),
    group_id: Type.String(),
    status: Type.String(),
  }),
});

const QueueItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.Enum(['submission', 'report']),
  kind: Type.Union([Type.Enum(['create', 'update']), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  group: Type.Object({ id: Type.String(), name: Type.String(), status: Type.String() }),
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
  proposed: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  field: Type.Union([Type.String(), Type.Null()]),
  problem: Type.Union([Type.String(), Type.Null()]),
  suggestion: Type.Union([Type.String(), Type.Null()]),
});

const idParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const idempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

export default async function moderationRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { limit?: number } }>(
    '/v1/moderation/queue',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Submissions waiting for review and open reports, oldest first',
        security: [{ apiKey: [] }],
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(QueueItem) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireScope(request, 'moderate');
      return { data: await app.moderation.queue(request.query.limit ?? 50) };
    },
  );

  app.post<{ Params: { id: string }; Body: { note?: string } }>(
    '/v1/moderation/queue/:id/approve',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Approve a submission (it goes live) or resolve a report',
        security: [{ apiKey: [] }],
        params: idParams,
        headers: idempotencyHeader,
        response: { 200: Decision, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'moderate');
      const response = await app.write(request, async (trx) => ({
        status: 200,
        body: {
          data: await app.moderation.approve(trx, principal, request.params.id, request.body?.note ?? null),
        },
      }));
      return reply.status(response.status).send(response.body);
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/v1/moderation/queue/:id/reject',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Reject a submission with a reason its submitter can read, or dismiss a report',
        security: [{ apiKey: [] }],
        params: idParams,
        headers: idempotencyHeader,
        body: Type.Object(
          { reason: Type.String({ minLength: 3, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Decision, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'moderate');
      const response = await app.write(request, async (trx) => ({
        status: 200,
        body: { data: await app.moderation.reject(trx, principal, request.params.id, request.body.reason) },
      }));
      return reply.status(response.status).send(response.body);
    },
  );

  app.post<{ Params: { id: string }; Body: ReportInput }>(
    '/v1/groups/:id/reports',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Tell us a listing is wrong (no key needed)',
        description: 'Goes to the moderation queue. Tightly rate-limited per client.',
        params: Type.Object({ id: Type.String({ maxLength: 200, description: 'Id or slug' }) }),
        headers: idempotencyHeader,
        body: Type.Object(
          {
            field: Type.Enum(REPORT_FIELDS, { description: 'What is wrong' }),
            problem: Type.String({
              minLength: 3,
              maxLength: 2000,
              examples: ['This group moved to Thursdays'],
            }),
            suggestion: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            data: Type.Object({
              id: Type.String(),
              group_id: Type.String(),
              status: Type.String(),
              created_at: Type.String({ format: 'date-time' }),
            }),
          }),
          ...problemResponses(400, 404, 422, 429),
        },
      },
      // Its own budget (app.limitReports), shared with GraphQL reportGroup.
      config: { rateLimit: false },
    },
    async (request, reply) => {
      await app.limitReports(request, reply);
      const response = await app.write(request, async (trx) => ({
        status: 201,
        body: { data: await app.moderation.report(trx, request.params.id, request.body) },
      }));
      return reply.status(response.status).send(response.body);
    },
  );
}
