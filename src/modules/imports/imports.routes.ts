import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';
import { requireOrganizationKey } from '../../plugins/auth.js';
import type { ImportFormat } from './imports.service.js';

const ImportSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  format: Type.Enum(['meeting_guide', 'csv']),
  status: Type.Enum(['queued', 'running', 'done', 'failed']),
  total: Type.Integer(),
  processed: Type.Integer(),
  counts: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    invalid: Type.Integer(),
  }),
  results: Type.Union([
    Type.Array(
      Type.Object({
        index: Type.Integer(),
        external_id: Type.Union([Type.String(), Type.Null()]),
        result: Type.Enum(['created', 'updated', 'unchanged', 'invalid']),
        group_id: Type.Union([Type.String(), Type.Null()]),
        errors: Type.Array(Type.Object({ field: Type.String(), reason: Type.String() })),
      }),
    ),
    Type.Null(),
  ]),
  error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const MAX_WAIT_SECONDS = 60;

export default async function importsRoutes(app: FastifyInstance) {
  // CSV arrives as text; JSON feeds use the default parser.
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post<{ Querystring: { conditions?: string } }>(
    '/v1/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['submissions'],
        summary: "Import your organization's groups from a Meeting Guide JSON feed or a CSV file",
        description:
          'Send a Meeting Guide feed as application/json or our CSV as text/csv. Groups are matched on their external id ' +
          '(the feed slug): created, updated or unchanged; invalid rows are reported with reasons and never stop the import ' +
          '(an entry matching an archived group is invalid: an archived group cannot be changed). ' +
          'Answers 202 with an import to poll at GET /v1/imports/{id}; send "Prefer: wait=30" to wait for small imports.',
        security: [{ apiKey: [] }],
        querystring: Type.Object(
          {
            conditions: Type.Optional(
              Type.String({
                maxLength: 200,
                description:
                  'Condition codes every imported group gets (Meeting Guide feeds do not say). Default: alcohol',
                examples: ['alcohol'],
              }),
            ),
          },
          { additionalProperties: false },
        ),
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })),
          prefer: Type.Optional(Type.String({ maxLength: 50, examples: ['wait=30'] })),
        }),
        response: {
          200: Type.Object({ data: ImportSchema }),
          202: Type.Object({ data: ImportSchema }),
          ...problemResponses(400, 401, 403, 413, 415, 422, 429),
        },
      },
      config: { rateLimit: { max: app.rateLimits.writes } },
    },
    async (request, reply) => {
      const principal = requireOrganizationKey(request);
      const contentType = String(request.headers['content-type'] ?? '');
      const format: ImportFormat = /csv|text\/plain/.test(contentType) ? 'csv' : 'meeting_guide';
      const conditions = (request.query.conditions ?? 'alcohol')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const rows = await app.imports.parse(format, request.body, conditions);

      let started: { id: string; rows: typeof rows } | null = null;
      const response = await app.write(request, async (trx) => {
        const id = await app.imports.enqueue(trx, principal, format, rows.length);
        started = { id, rows };
        return { status: 202, body: { data: { id } } };
      });
      const id = (response.body as { data: { id: string } }).data.id;
      // Start only after the job row is committed, and never again for a replayed request.
      const job =
        started && !response.replayed
          ? app.imports.start(id, principal, (started as { rows: typeof rows }).rows)
          : null;

      const wait = /wait=(\d+)/.exec(String(request.headers.prefer ?? ''));
      if (job && wait) {
        const seconds = Math.min(Number(wait[1]), MAX_WAIT_SECONDS);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([job, new Promise((resolve) => (timer = setTimeout(resolve, seconds * 1000)))]);
        clearTimeout(timer);
      }
      const current = await app.imports.get(principal, id);
      reply.header('location', `/v1/imports/${id}`);
      return reply.status(current.status === 'done' ? 200 : 202).send({ data: current });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/imports/:id',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Progress and per-row results of an import',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ data: ImportSchema }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireOrganizationKey(request);
      return { data: await app.imports.get(principal, request.params.id) };
    },
  );
}
