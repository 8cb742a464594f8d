import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { pendingMigrations } from '../../db/migrator.js';
import { ProblemError } from '../../lib/problem.js';
import { problemResponses } from '../../lib/schemas.js';

const Status = Type.Object({
  status: Type.String({ examples: ['ok'] }),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Ready to serve: database reachable and migrations applied',
        response: { 200: Status, ...problemResponses(503) },
      },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(app.db);
      } catch {
        throw new ProblemError(503, 'service_unavailable', 'Not ready', 'The database is not reachable');
      }
      const pending = await pendingMigrations(app.db);
      if (pending.length > 0) {
        throw new ProblemError(
          503,
          'service_unavailable',
          'Not ready',
          `${pending.length} migration(s) not applied`,
        );
      }
      // A degraded search index does not make the service unready: Postgres answers searches.
      const search = await app.searchHealth();
      return {
        status: search.search === 'degraded' ? 'degraded' : 'ok',
        checks: { database: 'ok', migrations: 'ok', ...search },
      };
    },
  );
}
